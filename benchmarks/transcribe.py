"""Transcription benchmark: faster-whisper (the default engine) against openai-whisper.

    .venv/bin/python benchmarks/transcribe.py [--threads 1] [--beam 5]

Speaks three known scripts (about 30 s, 90 s and 3 min) with espeak-ng, converts them to
16 kHz mono WAV, and runs both engines on the same files with the same Whisper base weights
and the same decoding settings. Each engine runs in its own subprocess so peak memory is per
engine. Reports wall time, real-time factor, peak RSS and word error rate against the script,
then checks the target: the default engine at least 4x faster than openai-whisper at no worse
WER. Needs `python manage.py provision_models` first (weights in MODELS_DIR, default
var/models). espeak-ng is a robotic voice: error rates compare engines, they do not predict
accuracy on real candidates.
"""

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scoring import transcription, whisper_convert  # noqa: E402  (after sys.path)

TARGET_SPEEDUP = 4.0
RATE = 160  # espeak-ng words per minute (its default, 175, sounds rushed)

SCRIPTS = {
    "short": (
        "I led the move of our reporting system from nightly batch jobs to a streaming design. "
        "The old jobs often finished late, so managers saw yesterday's numbers at lunch time. "
        "I wrote a short proposal, built a small prototype in two weeks, and showed the team "
        "how much fresher the data could be. We shipped it in stages, and the reports now "
        "update within a few minutes. The best part was that the managers started asking for "
        "new reports, which told me the change had really helped them."
    ),
    "medium": (
        "The hardest bug I ever fixed was a memory leak in a payment service that only appeared "
        "under heavy traffic. Every few days the service slowed down and then restarted, and "
        "nobody could reproduce the problem on a laptop. I started by adding better metrics, "
        "so we could see exactly when memory began to grow and which requests were running at "
        "that moment. After a week of data the pattern was clear. The growth matched a batch of "
        "refunds that were processed at the end of each day. I then wrote a load test that "
        "replayed those refunds against a staging copy of the service, and for the first time "
        "we could watch the leak happen on demand. The cause turned out to be a cache that "
        "stored customer records but never removed them, because the key included a timestamp. "
        "Each refund created a new entry that was never read again. The fix itself was small: "
        "we removed the timestamp from the key and gave the cache a size limit. What I learned "
        "was more important than the fix. I now add memory and latency dashboards before a "
        "service goes live, I write load tests for the unusual paths as well as the common "
        "ones, and I share what we find in a short written review so the whole team learns "
        "from it. Since then we have caught two similar problems before any customer noticed, "
        "and the team now treats memory growth as a warning sign rather than a mystery that "
        "only appears in production. I also wrote the debugging steps into our handbook, so "
        "that the next person on call knows where to start looking."
    ),
    "long": (
        "When I joined my current company, the support team and the engineering team barely "
        "spoke to each other. Support collected complaints in one tool, engineers tracked work "
        "in another, and the same problem was often reported many times before anyone fixed "
        "it. Customers were frustrated, and so were my colleagues. I was a junior engineer at "
        "the time, so I had no authority to change the process, but I believed that a few small "
        "steps could make a real difference. First, I asked the support lead if I could sit with "
        "her team for one afternoon every week. I listened to calls, read tickets, and wrote down "
        "the questions that came up again and again. After a month I had a list of the ten most "
        "common problems, with a rough count of how often each one appeared. I shared that list "
        "with my manager and suggested that we spend one week fixing the top three. She agreed, "
        "partly because the list was backed by real numbers rather than opinions. The first "
        "problem was a confusing error message on the login page. The second was a slow export "
        "that timed out for large accounts. The third was a settings page that lost changes "
        "when people pressed the back button. None of these were difficult to fix, but nobody "
        "had known how much pain they caused. Within two weeks of the fixes, the number of "
        "tickets about those topics fell by more than half. The support team noticed before we "
        "even told them. That result opened the door to a more lasting change. Together with the "
        "support lead, I proposed a shared board where support could tag tickets that needed an "
        "engineer, and where engineers could see how many customers each issue affected. We "
        "agreed on a short weekly meeting, never longer than thirty minutes, to review the "
        "board and decide what to fix next. I volunteered to run the meeting for the first "
        "three months, and then we rotated the role so that every engineer took a turn. "
        "Rotating the role mattered more than I expected. Engineers who ran the meeting started "
        "to understand the customers much better, and they often proposed fixes that were "
        "simpler than anything the support team had imagined. There were setbacks along the "
        "way. Some engineers felt that the meeting took time away from planned features, and "
        "for a while attendance dropped. I responded by keeping the meeting strictly on time and "
        "by sending a short summary afterwards, so that people who missed it still knew what "
        "had been decided. I also made sure that every fix was credited to the person who made "
        "it in our team channel. Over the following year, the average time to resolve a "
        "customer problem fell from several weeks to a few days, and our customer satisfaction "
        "scores rose steadily. Looking back, the lesson I take from this is that good "
        "collaboration rarely needs a big reorganisation. It needs someone to listen carefully, "
        "to bring evidence rather than complaints, and to make the first small step easy for "
        "everyone. I try to work the same way today, whether I am improving a process, "
        "reviewing a design, or helping a new colleague find their feet."
    ),
}


# --- Word error rate ----------------------------------------------------------------------------


def words(text: str) -> list[str]:
    """Lower case, apostrophes dropped, every other non-alphanumeric character a space."""
    text = text.lower().replace("'", "").replace("\u2019", "")
    return re.sub(r"[^a-z0-9]+", " ", text).split()


def edit_distance(reference: list[str], hypothesis: list[str]) -> int:
    """Levenshtein distance over words (substitutions, insertions, deletions)."""
    previous = list(range(len(hypothesis) + 1))
    for i, ref_word in enumerate(reference, start=1):
        current = [i] + [0] * len(hypothesis)
        for j, hyp_word in enumerate(hypothesis, start=1):
            current[j] = min(
                previous[j] + 1,  # deletion
                current[j - 1] + 1,  # insertion
                previous[j - 1] + (ref_word != hyp_word),  # substitution or match
            )
        previous = current
    return previous[-1]


def wer(reference: str, hypothesis: str) -> tuple[int, int]:
    """(word errors, reference words)."""
    ref = words(reference)
    return edit_distance(ref, words(hypothesis)), len(ref)


# --- Audio -------------------------------------------------------------------------------------


def speak(text: str, target: Path) -> float:
    """espeak-ng to a 16 kHz mono 16-bit WAV; returns its duration in seconds."""
    raw = target.with_suffix(".espeak.wav")
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", str(RATE), "-w", str(raw), text], check=True)
    subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-y",
            "-i",
            str(raw),
            "-ac",
            "1",
            "-ar",
            "16000",
            "-sample_fmt",
            "s16",
            str(target),
        ],
        check=True,
    )
    raw.unlink()
    with wave.open(str(target)) as audio:
        return audio.getnframes() / audio.getframerate()


# --- One engine, in its own process -------------------------------------------------------------


# (label, engine, compute type); the first is the default engine, the last the reference.
VARIANTS = (
    ("faster-whisper int8", transcription.FASTER_WHISPER, "int8"),
    ("faster-whisper float32", transcription.FASTER_WHISPER, "float32"),
    ("openai-whisper float32", transcription.OPENAI_WHISPER, "float32"),
)


def build(
    engine: str, compute_type: str, models_dir: Path, threads: int, beam: int
) -> transcription.Transcriber:
    if engine == transcription.FASTER_WHISPER:
        return transcription.FasterWhisperTranscriber(
            whisper_convert.ct2_dir(models_dir),
            compute_type=compute_type,
            cpu_threads=threads,
            beam_size=beam,
        )
    return transcription.OpenAIWhisperTranscriber(
        whisper_convert.checkpoint_path(models_dir), cpu_threads=threads, beam_size=beam
    )


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child(args: argparse.Namespace) -> None:
    engine, compute_type = args.child.split(":")
    transcriber = build(engine, compute_type, args.models_dir, args.threads, args.beam)
    started = time.perf_counter()
    transcriber.load()
    result = {"engine": transcriber.engine, "model": transcriber.model, "files": []}
    result["load_s"] = time.perf_counter() - started
    for path in args.files:
        started, cpu = time.perf_counter(), cpu_seconds()
        transcript = transcriber.transcribe(path, language="en")
        result["files"].append(
            {
                "name": path.stem,
                "seconds": time.perf_counter() - started,
                "cpu_s": cpu_seconds() - cpu,
                "text": transcript.text,
            }
        )
    # ru_maxrss is in KiB on Linux: this process's peak, model and decoding included.
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def run_variant(engine: str, compute_type: str, args: argparse.Namespace, files: list) -> dict:
    command = [sys.executable, __file__, "--child", f"{engine}:{compute_type}"]
    command += ["--threads", str(args.threads), "--beam", str(args.beam)]
    command += ["--models-dir", str(args.models_dir), *map(str, files)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{engine} {compute_type} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- Report -----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=1, help="CPU threads per engine (1)")
    parser.add_argument("--beam", type=int, default=5, help="beam size for both engines (5)")
    parser.add_argument(
        "--models-dir",
        type=Path,
        default=Path(os.environ.get("MODELS_DIR") or ROOT / "var" / "models"),
    )
    parser.add_argument("--save", type=Path, help="write the transcripts as JSON here")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("files", nargs="*", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return

    for path in (
        whisper_convert.ct2_dir(args.models_dir) / "model.bin",
        whisper_convert.checkpoint_path(args.models_dir),
    ):
        if not path.is_file():
            sys.exit(f"{path} is missing: run `python manage.py provision_models` first.")

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="palantrix-bench-") as folder:
        files, durations = [], {}
        for name, text in SCRIPTS.items():
            path = Path(folder) / f"{name}.wav"
            durations[name] = speak(text, path)
            files.append(path)
        print(
            f"Audio: espeak-ng en-us at {RATE} wpm, 16 kHz mono; "
            + ", ".join(
                f"{n} {d:.0f} s ({len(words(SCRIPTS[n]))} words)" for n, d in durations.items()
            )
        )
        print(
            f"Decoding, the same for all: Whisper base, language en, beam {args.beam}, best_of "
            f"{transcription.BEST_OF}, temperature fallback {transcription.TEMPERATURES}, "
            f"condition on previous text, no VAD; {args.threads} CPU thread(s); each engine "
            "in its own process, one after the other.\n"
        )
        results = {
            label: run_variant(engine, compute_type, args, files)
            for label, engine, compute_type in VARIANTS
        }

    header = (
        f"{'engine, precision':<24} {'file':<7} {'audio s':>7} {'wall s':>7} {'cpu s':>7} "
        f"{'x RT':>6} {'WER':>6}"
    )
    print(header)
    print("-" * len(header))
    totals = {}
    for label, result in results.items():
        audio = wall = cpu = errors = reference = 0.0
        for item in result["files"]:
            name = item["name"]
            e, n = wer(SCRIPTS[name], item["text"])
            audio, wall, cpu = audio + durations[name], wall + item["seconds"], cpu + item["cpu_s"]
            errors, reference = errors + e, reference + n
            print(
                f"{label:<24} {name:<7} {durations[name]:>7.0f} {item['seconds']:>7.1f} "
                f"{item['cpu_s']:>7.1f} {durations[name] / item['seconds']:>6.1f} "
                f"{100 * e / n:>5.1f}%"
            )
        totals[label] = {"wall": wall, "cpu": cpu, "wer": errors / reference}
        print(
            f"{label:<24} {'TOTAL':<7} {audio:>7.0f} {wall:>7.1f} {cpu:>7.1f} "
            f"{audio / wall:>6.1f} {100 * errors / reference:>5.1f}%   "
            f"(load {result['load_s']:.1f} s, peak RSS {result['peak_mb']:.0f} MB)"
        )
        print()
    print(f"Engines: {', '.join(sorted({r['engine'] for r in results.values()}))}")
    if load_before > 0.7:
        print(
            f"WARNING: the machine was busy before the run (load average {load_before:.1f}): "
            "wall times may be inflated; compare CPU seconds (wall much above CPU x threads "
            "means the engine waited for a core)."
        )

    reference_label = VARIANTS[-1][0]
    reference_totals = totals[reference_label]
    for label, _, _ in VARIANTS[:-1]:
        mine = totals[label]
        speedup = reference_totals["wall"] / mine["wall"]
        holds = speedup >= TARGET_SPEEDUP and mine["wer"] <= reference_totals["wer"]
        print(
            f"{label} vs {reference_label}: {speedup:.1f}x faster in wall time "
            f"({reference_totals['cpu'] / mine['cpu']:.1f}x in CPU time), WER "
            f"{100 * mine['wer']:.1f}% vs {100 * reference_totals['wer']:.1f}%: target "
            f"(>= {TARGET_SPEEDUP:.0f}x at no worse WER) "
            + ("HOLDS" if holds else "DOES NOT HOLD")
            + (" [default engine]" if label == VARIANTS[0][0] else "")
        )
    if args.save:
        args.save.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
