"""The Flex Template launcher's Python file (FLEX_TEMPLATE_PYTHON_PY_FILE in the Dockerfile).

A file outside the packages, as the launcher runs it as a script (its folder goes first on
sys.path); the work is in `pipeline.flex`, installed with the rest of storyline.
"""

from pipeline.flex import main

if __name__ == "__main__":
    raise SystemExit(main())
