"""The printed report and the run log in benchmarks/eval/README.md."""

from pathlib import Path

from .figures import STRONG_RATING, Row

LOG_HEADING = "## Run log"


def print_report(data: dict, rows: list[Row], figures: dict, header: dict, verbose: bool):
    print(f"Scorer: {header['scorer']} ({header['method']})")
    print(f"Embeddings: {header['embedding_model']} sha256 {header['embedding_sha256'][:16]}")
    print(
        f"Set: {header['set']} version {header['set_version']} ({header['set_sha256']}), "
        f"split {header['split']}"
    )
    if verbose:
        print("\nanswer          kind             competency        rating  score level words")
        for r in rows:
            score = "review" if r.score is None else f"{r.score:>6}"
            print(
                f"{r.answer:<15} {r.kind:<16} {r.competency:<17} {r.rating:>6.2f} {score} "
                f"{r.level if r.level is not None else '-':>5} {r.words:>5}"
            )
    print()
    f = figures
    print(f"Answers: {f['answers']}, pairs: {f['pairs']} (scored {f['scored_pairs']})")
    ci = f["rho_ci95"]
    print(f"Spearman rho, score vs mean rating: {f['rho']}  95% CI {ci}")
    print(f"Word-count baseline rho: {f['word_count_rho']}")
    print(f"Rho partialled on word count: {f['partial_rho_word_count']}")
    print(f"Mean score per rating: {f['mean_score_per_rating']}")
    if "mean_score_per_kind" in f:
        print("Mean score per kind:")
        for kind, value in f["mean_score_per_kind"].items():
            print(f"  {kind:<18} {value}")
        print(f"Gaming answers below answers rated >= {STRONG_RATING} (same question, competency):")
        for kind, g in f["gaming_order"].items():
            print(
                f"  {kind:<18} {g['correct']:.3f} of {g['pairs']} pairs"
                + (f"; wrong: {', '.join(g['wrong'][:6])}" if g["wrong"] else "")
            )
    if "variants" in f:
        print("Mean |change| of variants from their originals:")
        for kind, v in f["variants"].items():
            print(f"  {kind:<18} {v['mean_abs']} ({v['pairs']} pairs)")
    if "renderings" in f:
        print("Developer's renderings of development answers (dev only, not a reported figure):")
        for kind, v in f["renderings"].items():
            print(f"  {kind:<18} {v['mean_abs']} (signed {v['mean_signed']}, {v['pairs']} pairs)")
    if "punctuation_removed" in f:
        p = f["punctuation_removed"]
        print(
            f"Mean |change| without punctuation: {p['mean_abs']} (max {p['max_abs']}, "
            f"{p['pairs']} pairs)"
        )
    c = f["coverage"]
    print(f"Sent to review: {c['needs_review']:.1%}; insufficient: {c['insufficient']:.1%}")
    cpu = f["cpu_seconds_per_answer"]
    print(f"CPU seconds per answer: mean {cpu['mean']}, max {cpu['max']}")
    if "krippendorff_alpha_interval" in f:
        print(
            f"Raters' agreement, Krippendorff's alpha (interval): "
            f"{f['krippendorff_alpha_interval']}"
        )
    print("Targets:")
    for name, ok in f["targets"].items():
        print(f"  {name:<40} {'n/a' if ok is None else 'PASS' if ok else 'FAIL'}")


def log_line(header: dict, figures: dict) -> str:
    f = figures
    gaming = ", ".join(f"{k} {v['correct']:.2f}" for k, v in f.get("gaming_order", {}).items())
    variants = ", ".join(f"{k} {v['mean_abs']}" for k, v in f.get("variants", {}).items())
    bare = f.get("punctuation_removed", {}).get("mean_abs")
    return (
        f"| {header['date']} | {header['scorer']} / {header['method']} | {header['set']} "
        f"v{header['set_version']} ({header['set_sha256']}) | {header['split']} | "
        f"{f['answers']} / {f['pairs']} | {f['rho']} {f['rho_ci95']} | {f['word_count_rho']} | "
        f"{f['partial_rho_word_count']} | {gaming or '-'} | {variants or '-'} | "
        f"{bare if bare is not None else '-'} | {f['coverage']['needs_review']:.1%} | "
        f"{f['cpu_seconds_per_answer']['mean']} |"
    )


def append_log(line: str, readme: Path) -> None:
    text = readme.read_text()
    if LOG_HEADING not in text:
        text = text.rstrip("\n") + (
            f"\n\n{LOG_HEADING}\n\n"
            "| date | scorer / method | set | split | answers / pairs | rho [95% CI] | "
            "word count rho | partial rho | gaming below strong | variants mean abs change | "
            "no punctuation | review | CPU s/answer |\n"
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
        )
    readme.write_text(text.rstrip("\n") + "\n" + line + "\n")
