"""Hand-written articles for the general-behaviour tests (not the seeds).

Two events of the same kind (two earthquakes) and an unrelated one, so tests can check that
stories separate events rather than topics; a paraphrase that follows its source's order; and
a piece that only shares a public quotation with the source.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from schemas.records import Article, RawUnit
from transforms.identity import doc_id_for

QUAKE_CHILE = """A magnitude 7.1 earthquake struck off the coast of northern Chile early on Tuesday, shaking buildings in the port city of Antofagasta and sending residents running into the streets before dawn.

The national disaster agency Senapred ordered a precautionary evacuation of low-lying coastal areas for about three hours while oceanographers checked tide gauges along the shore.

Interior minister Carolina Toha said there were no immediate reports of deaths, although two people were treated for injuries caused by falling glass in the old town.

"The structures behaved as they were designed to behave, and that is the result of decades of strict building codes," Toha told reporters at a briefing in Santiago.

The copper mines around Calama, which produce a large share of the world's supply, halted work for inspections, and the state company Codelco said its smelters would restart by the evening shift.

Chile sits on the Pacific Ring of Fire and records thousands of tremors each year; the country rewrote its construction rules after the devastating magnitude 8.8 quake of 2010.

Seismologists at the University of Chile said aftershocks above magnitude five were likely over the coming week and asked families to keep emergency kits ready."""

QUAKE_CHILE_PARAPHRASE = """Early on Tuesday a 7.1-magnitude quake hit waters near northern Chile, rattling structures in Antofagasta, a port city, and driving people out of their homes before sunrise.

As a precaution, the disaster office Senapred told residents of coastal lowlands to leave for roughly three hours as experts examined readings from tide gauges on the coast.

No deaths had been reported so far, according to interior minister Carolina Toha, though falling glass in the historic center left two residents needing treatment.

Buildings performed exactly as engineers intended, Toha said in Santiago, crediting decades of tough construction standards for the outcome.

Mining near Calama, an area that supplies much of the planet's copper, paused for safety checks, while Codelco, the state miner, expected its smelters back online for the evening shift.

Located on the Pacific Ring of Fire, Chile registers thousands of tremors annually and overhauled its building regulations following the catastrophic 8.8 earthquake in 2010.

University of Chile seismologists warned that aftershocks stronger than magnitude five could follow during the next week and urged households to prepare emergency supplies."""

QUAKE_JAPAN = """A strong earthquake with a preliminary magnitude of 6.4 rattled the Noto peninsula in central Japan on Saturday afternoon, cutting power to about twelve thousand homes in Ishikawa prefecture.

The Japan Meteorological Agency issued no tsunami warning but cautioned that landslides were possible on slopes already weakened by heavy rain earlier in the month.

Chief cabinet secretary Yoshimasa Hayashi said the government had set up a liaison office and that Self-Defense Force helicopters were surveying remote fishing villages along the coast.

Railway operator JR West suspended services on the Nanao line while engineers inspected bridges and tunnels, stranding hundreds of weekend travellers at Kanazawa station.

The Hokuriku electric power company said its Shika nuclear plant, which has been offline since 2011, showed no abnormalities and that cooling systems were working normally.

The peninsula is still rebuilding after the deadly New Year's Day earthquake of 2024, and many residents continue to live in temporary housing built after that disaster.

Local officials opened evacuation centers in school gymnasiums and distributed blankets, water and rice balls to elderly residents who feared spending the night at home."""

BANK_MERGER = """Two of Germany's largest regional lenders agreed on Thursday to merge in an all-share deal that creates the country's third biggest bank by assets, ending months of negotiations.

Under the terms announced in Frankfurt, shareholders of the smaller partner will receive 0.8 new shares for each share they hold, valuing the combined group at roughly 21 billion euros.

The chief executives said the merger would cut annual costs by about 900 million euros by 2027, mainly by closing overlapping branches and combining technology platforms.

Labour union Verdi criticised the plan and warned that several thousand jobs could disappear, calling on the banks to rule out compulsory redundancies for at least five years.

The deal still needs approval from the European Central Bank and the federal cartel office, a process the companies expect to finish during the second half of next year.

Analysts at several brokerages welcomed the logic of the combination but questioned whether the integration of two different computer systems could be completed on schedule.

Shares of both banks rose more than six percent in Frankfurt trading after the announcement, while the wider DAX index was little changed."""

# Another outlet's own report of the Chile quake: same facts and names, its own order and
# words; it shares one public statement (in quotes) verbatim. Same story, not a rewrite.
QUAKE_CHILE_QUOTE_ONLY = """Copper prices edged higher in London on Tuesday after Codelco paused operations at its mines around Calama in northern Chile following a magnitude 7.1 earthquake off the coast near Antofagasta.

Traders said the halt was expected to be brief, but the market remains sensitive to any disruption in Chile, which accounts for roughly a quarter of global copper output.

"The structures behaved as they were designed to behave, and that is the result of decades of strict building codes," interior minister Carolina Toha said in a statement that was widely shared online.

Senapred, the emergency office, lifted its coastal evacuation order in Antofagasta by mid-morning once tide readings showed no sign of a tsunami.

Mining analysts noted that the quake struck close to the route used by trucks that carry copper concentrate to the port, and that the coastal road had been closed for several hours for inspection.

Codelco said in a filing that none of its workers had been hurt in Chile and that it did not expect the stoppage to change its production guidance for the year."""


def article(doc_id: str, text: str, **fields) -> Article:
    """An Article as the clean stage would emit it."""
    return Article(doc_id=doc_id, source=f"/fixtures/{doc_id}.txt", text=text,
                   word_count=len(text.split()), language="en", **fields)  # fmt: skip


def read_unit(source: str, kind: str, payload: bytes, **fields) -> RawUnit:
    """A RawUnit with the doc_id the reader would give it."""
    unit = RawUnit(source, kind, payload, **fields)
    return dataclasses.replace(unit, doc_id=doc_id_for(unit))


def utc(year: int, month: int, day: int, hour: int = 0) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def edited_copy(text: str) -> str:
    """A light edit: one sentence changed and the last paragraph dropped."""
    paragraphs = text.split("\n\n")
    paragraphs[1] = paragraphs[1].replace("about three hours", "nearly three hours")
    return "\n\n".join(paragraphs[:-1])


def with_fields(base: Article, **fields) -> Article:
    return dataclasses.replace(base, **fields)
