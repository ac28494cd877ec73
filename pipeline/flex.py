"""The Dataflow Flex Template entry: the launcher's `--name=value` parameters -> `storyline run`.

The launcher passes every template parameter as one `--name=value` string, so this entry
1. accepts `name` with underscores for storyline's dashed flags (`shingle_size` ->
   `--shingle-size`: the metadata names read like Beam's own options),
2. turns `--flag=true` into `--flag` and drops `--flag=false` for switches (`append`,
   `overwrite`, Beam's `streaming`, ...), which argparse would otherwise refuse,
3. splits `--input=a,b` into `--input=a --input=b` (one template parameter, several patterns)
   and fills `{today}` and `{yesterday}` in them with UTC dates (2026-12-04): a scheduled launch
   has fixed parameters but reads the latest crawl folders,
then runs `storyline run` on Dataflow without waiting: a launcher must exit after submitting.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from apache_beam.options.pipeline_options import PipelineOptions

from pipeline.cli import main as cli_main
from pipeline.options import StorylineOptions

_TRUE = ("true", "1", "yes")
_FALSE = ("false", "0", "no", "")


def storyline_flags() -> dict[str, argparse.Action]:
    """storyline's own flags (`--shingle-size`, ...) by option string, from `StorylineOptions`."""
    parser = argparse.ArgumentParser(add_help=False)
    StorylineOptions._add_argparse_args(parser)
    return {flag: action for action in parser._actions for flag in action.option_strings}


def _switches() -> set[str]:
    """Every store_true flag of the options classes loaded (storyline's, Beam's --streaming...)."""
    parser = argparse.ArgumentParser(add_help=False, conflict_handler="resolve")
    for options_class in PipelineOptions.__subclasses__():
        try:
            options_class._add_argparse_args(parser)
        except (AttributeError, argparse.ArgumentError):
            continue  # ValueProvider arguments need Beam's parser subclass; never switches
    return {
        flag
        for action in parser._actions
        if isinstance(action, argparse._StoreTrueAction)
        for flag in action.option_strings
    }


def launcher_flags(argv: list[str], today: dt.date | None = None) -> list[str]:
    """The launcher's `--name=value` list as `storyline run` flags (see the module docstring)."""
    today = today or dt.datetime.now(dt.UTC).date()
    dates = {"{today}": today.isoformat(), "{yesterday}": (today - dt.timedelta(1)).isoformat()}
    ours = storyline_flags()
    by_underscore = {"--" + flag[2:].replace("-", "_"): flag for flag in ours}
    switches = _switches()  # storyline's included: StorylineOptions is one of them
    flags: list[str] = []
    for arg in argv:
        name, eq, value = arg.partition("=")
        name = by_underscore.get(name, name)
        if eq and name in switches:
            if value.strip().lower() in _TRUE:
                flags.append(name)
            elif value.strip().lower() not in _FALSE:  # false: the switch stays off
                raise ValueError(f"{name} takes true or false, not {value!r}")
        elif eq and name == "--input":
            patterns = [part.strip() for part in value.split(",") if part.strip()]
            flags += [f"--input={_fill(pattern, dates)}" for pattern in patterns]
        else:
            flags.append(f"{name}{eq}{value}")
    return flags


def _fill(pattern: str, values: dict[str, str]) -> str:
    for placeholder, value in values.items():
        pattern = pattern.replace(placeholder, value)
    return pattern


def main(argv: list[str] | None = None) -> int:
    """`storyline run` with the launcher's parameters, on Dataflow unless a runner is named."""
    flags = launcher_flags(list(sys.argv[1:] if argv is None else argv))
    if not any(flag.startswith("--runner") for flag in flags):
        flags.append("--runner=DataflowRunner")
    return cli_main(["run", *flags, "--no_wait_until_finish"], foreign_flags=True)
