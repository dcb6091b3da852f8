"""Peak memory and seconds of `Extractor.extract` against the length of one article.

    .venv/bin/python benchmarks/long_text_memory.py [--sizes 0.1,0.5,1,2,5] [--whole-up-to 1] [--batch 16x60000]

Each size (in millions of characters) runs in a fresh process, so that its peak resident set
is its own: the text is built by repeating the paragraphs of a news report written for this
script, the extractor is loaded, then the article is parsed (in parts of `nlp.PART_CHARS`
characters when it is longer, as the extractor does it) and its events are assembled. The
`whole` rows parse the same text in one piece (spaCy's `max_length` raised), as the extractor
did before texts were parsed in parts, for sizes up to --whole-up-to. The `batch` rows run
`extract_many` over a batch of N articles of C characters each (--batch NxC), which parses them
in groups of at most `nlp.PART_CHARS` characters, against one `nlp.pipe` batch of all N (as
before). `rss_loaded` is the process after loading the pipeline and the gazetteer, `peak` its
highest resident set.
Prints figures; asserts nothing (speed and memory are measured here, not in timed tests).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from datetime import date

from memory import rss_mb

# A report in the shape of a wire story: a dateline, a lede, the body, reactions and background.
PARAGRAPHS = (
    "Gunmen kill traders at a market in northern Burkina Faso",
    ("OUAGADOUGOU, March 5 - Gunmen on motorcycles attacked a weekly market in the village of "
     "Bourasso on Tuesday, killing at least seven traders and wounding about a dozen others, a local "
     "official said on Wednesday."),
    ("The attackers arrived shortly after noon, fired on the stalls and set fire to several trucks "
     "before leaving towards the forest, the official said, asking not to be named because he was "
     "not allowed to speak to the press."),
    ("The army said in a statement that soldiers sent from the town of Nouna clashed with the "
     "attackers later in the afternoon and killed four of them. Two soldiers were wounded in the "
     "fighting, the statement said."),
    ("Residents described scenes of panic as families fled towards the provincial capital. Many "
     "shops stayed shut on Wednesday and the road to the Malian border was almost empty."),
    ("In Dedougou, police fired tear gas at hundreds of people who had gathered outside the "
     "governor's office to demand better protection for the villages of the province."),
    ("No group has said it carried out the attack. Fighters linked to al Qaeda and Islamic State "
     "have killed thousands of civilians and soldiers in the region since 2015, and the violence "
     "has driven about two million people from their homes."),
    ("The government declared three days of mourning and said it would send more troops to the "
     "area, where humanitarian agencies say food prices have doubled over the past year."),
)


def build_text(chars: int) -> str:
    """Paragraphs repeated until the text has about `chars` characters (whole paragraphs)."""
    out: list[str] = []
    length = 0
    i = 0
    while length < chars:
        paragraph = PARAGRAPHS[i % len(PARAGRAPHS)]
        out.append(paragraph)
        length += len(paragraph) + 2
        i += 1
    return "\n\n".join(out)


def one(chars: int, whole: bool, batch: int) -> dict[str, float | int | str]:
    """Measure one size in this process (run by the parent in a fresh interpreter): one article
    of `chars` characters, or (`batch` > 0) `batch` articles of `chars` characters each."""
    from spacy.tokens import Doc

    from frontwire.ingest import article_from_text
    from frontwire.pipeline import Extractor

    extractor = Extractor()
    text = build_text(chars)
    # each article of a batch differs (its first line), as the articles of a real batch do
    articles = [article_from_text(f"Report {i}\n\n{text}" if batch else text, f"long-text-{i}", date(2024, 3, 6))
                for i in range(max(1, batch))]
    loaded = rss_mb()
    start = time.perf_counter()
    docs: list[Doc] = []
    if batch and whole:
        docs = list(extractor.nlp.pipe((a.text for a in articles), batch_size=batch))
    elif batch:
        for _, doc in extractor.parse_many(articles):
            if isinstance(doc, Exception):
                raise doc
            docs.append(doc)
    elif whole:
        extractor.nlp.max_length = len(text) + 1
        docs = [extractor.nlp(text)]
    else:
        docs = [extractor.parse(text)]
    parsed = time.perf_counter()
    events = [e for a, doc in zip(articles, docs, strict=True) for e in extractor.assembler.events(a, doc)]
    done = time.perf_counter()
    mode = ("batch-" if batch else "") + ("whole" if whole else "parts")
    return {"mode": mode, "chars": sum(len(a.text) for a in articles), "tokens": sum(len(d) for d in docs),
            "events": len(events), "parse_s": round(parsed - start, 1), "assemble_s": round(done - parsed, 1),
            "rss_loaded_mb": round(loaded), "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="0.1,0.5,1,2,5", help="millions of characters, comma-separated")
    parser.add_argument("--whole-up-to", type=float, default=1.0,
                        help="also parse in one piece the sizes up to this many millions of characters")
    parser.add_argument("--batch", default="16x60000",
                        help="NxC: also a batch of N articles of C characters each ('' for none)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--whole", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--of", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(one(args.one, args.whole, args.of)))
        return
    runs = [(int(size * 1_000_000), whole, 0) for size in (float(s) for s in args.sizes.split(",") if s)
            for whole in ([False, True] if size <= args.whole_up_to else [False])]
    if args.batch:
        n, chars = (int(x) for x in args.batch.split("x"))
        runs += [(chars, False, n), (chars, True, n)]
    print(f"{'mode':<13}{'chars':>10}{'tokens':>9}{'events':>8}{'parse s':>9}{'assemble s':>12}"
          f"{'RSS loaded MB':>15}{'peak RSS MB':>13}", flush=True)
    for chars, whole, batch in runs:
        cmd = [sys.executable, __file__, "--one", str(chars), "--of", str(batch)] + (["--whole"] if whole else [])
        proc = subprocess.run(cmd, check=False, capture_output=True, text=True)
        if proc.returncode != 0:
            print(f"{'whole' if whole else 'parts':<13}{chars:>10}  failed: {proc.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        print(f"{r['mode']:<13}{r['chars']:>10}{r['tokens']:>9}{r['events']:>8}{r['parse_s']:>9}"
              f"{r['assemble_s']:>12}{r['rss_loaded_mb']:>15}{r['peak_mb']:>13}", flush=True)


if __name__ == "__main__":
    main()
