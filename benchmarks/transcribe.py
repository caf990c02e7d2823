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


def build(engine: str, models_dir: Path, threads: int, beam: int) -> transcription.Transcriber:
    if engine == transcription.FASTER_WHISPER:
        return transcription.FasterWhisperTranscriber(
            whisper_convert.ct2_dir(models_dir), cpu_threads=threads, beam_size=beam
        )
    return transcription.OpenAIWhisperTranscriber(
        whisper_convert.checkpoint_path(models_dir), cpu_threads=threads, beam_size=beam
    )


def child(engine: str, models_dir: Path, threads: int, beam: int, files: list[Path]) -> None:
    transcriber = build(engine, models_dir, threads, beam)
    started = time.perf_counter()
    transcriber.load()
    result = {"engine": transcriber.engine, "model": transcriber.model, "files": []}
    result["load_s"] = time.perf_counter() - started
    for path in files:
        started = time.perf_counter()
        transcript = transcriber.transcribe(path, language="en")
        seconds = time.perf_counter() - started
        result["files"].append({"name": path.stem, "seconds": seconds, "text": transcript.text})
    # ru_maxrss is in KiB on Linux: this process's peak, model and decoding included.
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def run_engine(engine: str, args: argparse.Namespace, files: list[Path]) -> dict:
    command = [
        sys.executable,
        __file__,
        "--child",
        engine,
        "--threads",
        str(args.threads),
        "--beam",
        str(args.beam),
        "--models-dir",
        str(args.models_dir),
    ]
    done = subprocess.run(command + [str(f) for f in files], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{engine} failed:\n{done.stderr}")
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
    parser.add_argument("--child", choices=transcription.ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("files", nargs="*", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.models_dir, args.threads, args.beam, args.files)
        return

    for path in (
        whisper_convert.ct2_dir(args.models_dir) / "model.bin",
        whisper_convert.checkpoint_path(args.models_dir),
    ):
        if not path.is_file():
            sys.exit(f"{path} is missing: run `python manage.py provision_models` first.")

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
            f"Decoding for both: Whisper base, language en, beam {args.beam}, best_of "
            f"{transcription.BEST_OF}, temperature fallback {transcription.TEMPERATURES}, "
            f"condition on previous text, no VAD; {args.threads} CPU thread(s) each; "
            "faster-whisper int8, openai-whisper float32.\n"
        )
        results = {engine: run_engine(engine, args, files) for engine in transcription.ENGINES}

    header = f"{'engine':<26} {'audio':>6} {'wall s':>7} {'x RT':>6} {'WER':>7}"
    print(header)
    print("-" * len(header))
    totals = {}
    for engine, result in results.items():
        audio = wall = errors = reference = 0.0
        for item in result["files"]:
            name = item["name"]
            e, n = wer(SCRIPTS[name], item["text"])
            audio, wall = audio + durations[name], wall + item["seconds"]
            errors, reference = errors + e, reference + n
            print(
                f"{result['engine']:<26} {durations[name]:>5.0f}s {item['seconds']:>7.1f} "
                f"{durations[name] / item['seconds']:>6.1f} {100 * e / n:>6.1f}%"
            )
        totals[engine] = {"wall": wall, "wer": errors / reference}
        print(
            f"{'  total, ' + result['model']:<26.26} {audio:>5.0f}s {wall:>7.1f} "
            f"{audio / wall:>6.1f} {100 * errors / reference:>6.1f}%   "
            f"load {result['load_s']:.1f} s, peak {result['peak_mb']:.0f} MB"
        )
    fast, reference_engine = (
        totals[transcription.FASTER_WHISPER],
        totals[transcription.OPENAI_WHISPER],
    )
    speedup = reference_engine["wall"] / fast["wall"]
    holds = speedup >= TARGET_SPEEDUP and fast["wer"] <= reference_engine["wer"]
    print(
        f"\nSpeed-up faster-whisper / openai-whisper (total wall time): {speedup:.1f}x; "
        f"WER {100 * fast['wer']:.1f}% vs {100 * reference_engine['wer']:.1f}%."
    )
    print(
        f"Target (>= {TARGET_SPEEDUP:.0f}x faster at no worse WER): "
        + ("HOLDS" if holds else "DOES NOT HOLD")
    )


if __name__ == "__main__":
    main()
