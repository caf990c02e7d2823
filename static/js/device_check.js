// Device check: camera preview, live microphone level, a short test recording, and a
// practice question recorded and played back on this device only (never uploaded).
import { Recording, describeMediaError, formatSeconds, levelMeter, openCamera, recordingSupported } from "./recorder.js";

const $ = (id) => document.getElementById(id);
const PRACTICE_SECONDS = 20;

function mark(id, ok, text) {
  const item = $(id);
  item.dataset.state = ok ? "ok" : "failed";
  item.textContent = `${item.textContent.replace(/ — .*$/, "")} — ${text}`;
}

function showHelp(message) {
  const box = $("check-help");
  box.textContent = message;
  box.hidden = false;
}

async function testRecording(stream) {
  const recording = new Recording(stream);
  recording.start(60);
  await new Promise((resolve) => setTimeout(resolve, 1200));
  const { blob } = await recording.stop();
  return blob.size > 0;
}

async function runCheck() {
  $("check-help").hidden = true;
  if (!recordingSupported()) {
    mark("check-recorder", false, "not supported");
    showHelp(describeMediaError(null));
    return;
  }
  let stream;
  try {
    stream = await openCamera();
  } catch (error) {
    mark("check-camera", false, "not available");
    mark("check-microphone", false, "not available");
    showHelp(describeMediaError(error));
    return;
  }
  $("preview").srcObject = stream;
  mark("check-camera", stream.getVideoTracks().length > 0, stream.getVideoTracks().length ? "working" : "not found");
  const hasAudio = stream.getAudioTracks().length > 0;
  mark("check-microphone", hasAudio, hasAudio ? "connected" : "not found");
  let heard = false;
  levelMeter(stream, (level) => {
    $("mic-level").value = level;
    $("mic-level").textContent = String(level);
    if (level > 8 && !heard) {
      heard = true;
      $("mic-hint").textContent = "We can hear you.";
    }
  });
  try {
    const works = await testRecording(stream);
    mark("check-recorder", works, works ? "working" : "no data recorded");
    if (!works) showHelp("Recording produced no data in this browser. Please try Chrome, Edge, Firefox or Safari.");
  } catch (error) {
    mark("check-recorder", false, "failed");
    showHelp(describeMediaError(error));
    return;
  }
  $("start-check").hidden = true;
  $("practice").hidden = false;
  setUpPractice(stream);
  $("practice-record").focus(); // the button that had focus is gone: move on to the next step
}

function setUpPractice(stream) {
  let recording = null;
  const record = $("practice-record");
  const stop = $("practice-stop");
  const finish = async () => {
    if (!recording) return;
    const current = recording;
    recording = null;
    const { blob } = await current.stop();
    const playback = $("practice-playback");
    playback.src = URL.createObjectURL(blob);
    playback.hidden = false;
    record.disabled = false;
    record.textContent = "Record the practice again";
    stop.disabled = true;
    $("practice-timer").textContent = "Play it back to check how you look and sound.";
    $("practice-announce").textContent = "Practice recording stopped. Play it back to check how you look and sound.";
    playback.focus(); // the Stop button just went disabled: focus goes on, not to the page's top
  };
  record.addEventListener("click", () => {
    recording = new Recording(stream, {
      onTick: (elapsed) => {
        $("practice-timer").textContent = `Recording ${formatSeconds(elapsed)} of ${formatSeconds(PRACTICE_SECONDS)}`;
      },
      onLimit: () => finish(),
    });
    recording.start(PRACTICE_SECONDS);
    $("practice-announce").textContent = `Practice recording started: up to ${PRACTICE_SECONDS} seconds.`;
    record.disabled = true;
    stop.disabled = false;
    stop.focus();
  });
  stop.addEventListener("click", finish);
}

$("start-check").addEventListener("click", runCheck);
$("start-check").disabled = false; // ready: the page works only with this script
