// The candidate's questions: think time, recording with a visible limit, playback,
// retakes, and an upload that survives reloads and lost connections (the recording stays
// in IndexedDB until the server confirms it).
import {
  ApiError,
  Recording,
  api,
  describeMediaError,
  formatSeconds,
  localAnswers,
  openCamera,
  uploadAnswer,
} from "./recorder.js";

const $ = (id) => document.getElementById(id);
const state = JSON.parse($("interview-state").textContent);
const urls = JSON.parse($("interview-urls").textContent);
const invitationId = $("interview").dataset.invitation;
const SECTIONS = ["think", "recorder", "review", "written", "file", "choice", "upload", "finish"];

let stream = null;
let current = null; // the question on screen
let thinkTimer = null;
let recording = null;
let lastTake = null; // {blob, type, duration} awaiting submit

const keyFor = (question) => `${invitationId}:${question.id}`;

function show(...visible) {
  for (const id of SECTIONS) $(id).hidden = !visible.includes(id);
}

function showError(message) {
  const box = $("error");
  box.textContent = message || "";
  box.hidden = !message;
}

function renderTicks() {
  const list = $("ticks");
  list.replaceChildren(
    ...state.questions.map((question) => {
      const item = document.createElement("li");
      item.textContent = question.submitted ? `Question ${question.number}: saved ✓` : `Question ${question.number}`;
      item.className = question.submitted ? "saved" : "";
      return item;
    }),
  );
}

function announce(text) {
  $("timer-announce").textContent = text;
}

async function ensureCamera() {
  if (stream) return stream;
  stream = await openCamera();
  $("live").srcObject = stream;
  return stream;
}

function nextQuestion() {
  return state.questions.find((question) => !question.submitted) || null;
}

async function showQuestion() {
  showError("");
  renderTicks();
  current = nextQuestion();
  if (!current) {
    $("question-purpose").hidden = true;
    $("progress-label").textContent = "All questions answered";
    $("question-title").textContent = "You're done";
    $("question-text").textContent = "";
    show("finish");
    $("finish-button").focus();
    return;
  }
  $("progress-label").textContent = `Question ${current.number} of ${state.questions.length}`;
  $("question-title").textContent = `Question ${current.number}`;
  $("question-text").textContent = current.text;
  $("question-purpose").textContent = current.purpose || "";
  $("question-purpose").hidden = !current.purpose;
  if (current.kind === "choice") {
    showChoice();
    return;
  }

  // A recording kept from before a reload or a lost connection: never lost, never
  // re-recorded, but never sent without asking either — the candidate may have reloaded
  // to get away from it. They watch it, then submit it or (retakes allowing) record again.
  const saved = await localAnswers.load(keyFor(current)).catch(() => null);
  if (saved && current.kind === "video") {
    lastTake = saved;
    await ensureCamera().catch(() => null); // for "Record again"; submitting needs none
    showReview({ restored: true });
    return;
  }
  if (current.kind === "file") {
    show("file");
    $("file-answer").value = "";
    $("file-answer").focus();
    return;
  }
  if (current.kind === "written") {
    show("written");
    $("written-answer").value = "";
    updateCount();
    $("written-answer").focus();
    return;
  }
  try {
    await ensureCamera();
  } catch (error) {
    show();
    showError(describeMediaError(error));
    return;
  }
  await startThinking();
}

async function startThinking() {
  if (current.think_seconds <= 0) {
    showRecorder();
    return;
  }
  // The server starts the think time (once) and gives the question; after a reload it
  // gives what is left, so reloading buys no extra time.
  let shown;
  try {
    shown = await api(`${urls.answer}${current.id}/think/`, { method: "POST" });
  } catch (error) {
    show();
    showError(error.message);
    return;
  }
  current.text = shown.text;
  $("question-text").textContent = shown.text;
  let left = shown.think_left;
  if (left <= 0) {
    // The time to think ran out while the page was away.
    if (current.takes_used === 0) startRecording();
    else showRecorder();
    return;
  }
  show("think");
  $("think-seconds").textContent = String(left);
  $("start-now").focus();
  // Screen readers hear the start and the last seconds, not every tick.
  announce(`${left} seconds to think. Recording starts by itself.`);
  thinkTimer = setInterval(() => {
    left -= 1;
    $("think-seconds").textContent = String(left);
    if (left === 10 || left === 3) announce(`${left} seconds before recording starts.`);
    if (left <= 0) {
      clearInterval(thinkTimer);
      startRecording();
    }
  }, 1000);
}

function showRecorder() {
  show("recorder");
  $("timer").textContent = `Up to ${formatSeconds(current.answer_seconds)}`;
  $("record").disabled = false;
  $("stop").disabled = true;
  $("record").focus();
}

async function startRecording() {
  clearInterval(thinkTimer);
  show("recorder");
  showError("");
  try {
    const counted = await api(`${urls.answer}${current.id}/take/`, { method: "POST" });
    current.takes_used = counted.takes_used;
  } catch (error) {
    showError(error.message);
    return;
  }
  $("record").disabled = true;
  $("stop").disabled = false;
  $("rec-badge").hidden = false;
  $("stop").focus();
  announce("Recording started.");
  recording = new Recording(stream, {
    onTick: (elapsed, limit) => {
      const left = limit - elapsed;
      $("timer").textContent = `${formatSeconds(elapsed)} / ${formatSeconds(limit)}`;
      const whole = Math.ceil(left);
      if (whole > 0 && (whole === 30 || whole === 10) && Math.abs(left - whole) < 0.25) {
        announce(`${whole} seconds left.`);
      }
    },
    // The limit ends the take as Stop does: to its review, with focus on Submit.
    onLimit: () => stopRecording({ timeUp: true }),
  });
  recording.start(current.answer_seconds);
}

async function stopRecording({ timeUp = false } = {}) {
  if (!recording) return;
  const active = recording;
  recording = null;
  $("stop").disabled = true;
  $("rec-badge").hidden = true;
  lastTake = await active.stop();
  announce(`${timeUp ? "Time is up: the recording stopped." : "Recording stopped."} Watch it, then submit it or record again.`);
  // Keep it on this device first: a reload or a crash now costs nothing.
  await localAnswers.save(keyFor(current), lastTake).catch(() => {});
  showReview();
}

function showReview({ restored = false } = {}) {
  show("review");
  $("restored-note").hidden = !restored;
  $("playback").src = URL.createObjectURL(lastTake.blob);
  const left = current.retakes - (current.takes_used - 1);
  $("retake").hidden = left <= 0;
  $("retakes-left").textContent = left > 0 ? `${left} retake${left > 1 ? "s" : ""} left` : "No retakes left";
  $("submit").focus();
}

async function submitRecording() {
  show("upload");
  showError("");
  $("upload-retry").hidden = true;
  $("upload-progress").value = 0;
  $("upload-percent").textContent = "";
  $("upload-status").textContent = "Uploading… Your answer is saved on this device until the upload is confirmed.";
  try {
    await uploadAnswer({
      base: urls.answer,
      questionId: current.id,
      blob: lastTake.blob,
      type: lastTake.type,
      duration: lastTake.duration,
      onProgress: (share) => {
        const percent = Math.round(share * 100);
        $("upload-progress").value = percent;
        $("upload-progress").textContent = `${percent}%`;
        // Shown, not announced: the status (a live region) speaks only when the state changes.
        $("upload-percent").textContent = `${percent}%`;
      },
      onWait: (error, delay) => {
        $("upload-status").textContent = `Connection lost — your answer is safe on this device. Trying again in ${Math.round(delay / 1000)} s…`;
      },
    });
  } catch (error) {
    $("upload-status").textContent = error instanceof ApiError && error.status >= 400 && error.status < 500 ? error.message : "The upload could not finish. Your answer is still saved on this device.";
    $("upload-retry").hidden = false;
    $("upload-retry").focus();
    return;
  }
  await localAnswers.remove(keyFor(current)).catch(() => {});
  current.submitted = true;
  lastTake = null;
  $("upload-status").textContent = "Saved ✓";
  await showQuestion();
}

async function submitWritten() {
  const text = $("written-answer").value.trim();
  if (!text) {
    showError("Write your answer before submitting.");
    return;
  }
  try {
    await api(`${urls.answer}${current.id}/text/`, { method: "POST", body: { text } });
  } catch (error) {
    showError(error.message);
    return;
  }
  current.submitted = true;
  await showQuestion();
}

// A file answer (a PDF or an image) goes up the recordings' way: presigned parts straight
// to storage. The server checks its type and its first bytes; a refused file can be
// replaced by another at once.
async function submitFile() {
  const file = $("file-answer").files[0];
  showError("");
  if (!file) {
    showError("Choose a file first.");
    return;
  }
  if (!state.file_types.includes(file.type)) {
    showError("Choose a PDF, PNG or JPEG file: other kinds of file are not accepted.");
    return;
  }
  if (file.size > state.file_max_bytes) {
    showError(`The file is larger than ${Math.round(state.file_max_bytes / 1048576)} MB: choose a smaller one.`);
    return;
  }
  $("submit-file").disabled = true;
  $("file-status").textContent = "Uploading…";
  try {
    await uploadAnswer({
      base: urls.answer,
      questionId: current.id,
      blob: file,
      type: file.type,
      duration: null,
      onProgress: (share) => {
        $("file-status").textContent = `Uploading… ${Math.round(share * 100)}%`;
      },
      onWait: (error, delay) => {
        $("file-status").textContent = `Connection lost. Trying again in ${Math.round(delay / 1000)} s…`;
      },
    });
  } catch (error) {
    $("file-status").textContent = "";
    showError(error instanceof ApiError && error.status >= 400 && error.status < 500 ? error.message : "The upload could not finish: try again.");
    $("submit-file").disabled = false;
    $("file-answer").focus();
    return;
  }
  $("submit-file").disabled = false;
  $("file-status").textContent = "";
  current.submitted = true;
  await showQuestion();
}

// A choice question: a form of options, no recording and no timer.
function showChoice() {
  show("choice");
  $("choice-legend").textContent = current.multiple ? "Your answer (tick all that apply)" : "Your answer";
  $("choice-options").replaceChildren(
    ...current.options.map((option, index) => {
      const label = document.createElement("label");
      label.className = "check";
      const input = document.createElement("input");
      input.type = current.multiple ? "checkbox" : "radio";
      input.name = "choice";
      input.value = option.key;
      input.id = `choice-${index}`;
      label.append(input, ` ${option.text}`);
      return label;
    }),
  );
}

async function submitChoice(event) {
  event.preventDefault();
  const choices = [...$("choice-options").querySelectorAll("input:checked")].map((input) => input.value);
  if (!choices.length) {
    showError("Choose an answer before submitting.");
    return;
  }
  try {
    await api(`${urls.answer}${current.id}/choice/`, { method: "POST", body: { choices } });
  } catch (error) {
    showError(error.message);
    return;
  }
  current.submitted = true;
  await showQuestion();
}

function updateCount() {
  $("char-count").textContent = `${$("written-answer").value.length} / 5000 characters`;
}

async function finish() {
  try {
    const result = await api(urls.finish, { method: "POST" });
    window.location.assign(result.done);
  } catch (error) {
    showError(error.message);
  }
}

$("start-now").addEventListener("click", startRecording);
$("record").addEventListener("click", startRecording);
$("stop").addEventListener("click", () => stopRecording());
$("retake").addEventListener("click", () => {
  lastTake = null;
  showRecorder();
});
$("submit").addEventListener("click", submitRecording);
$("upload-retry").addEventListener("click", submitRecording);
$("submit-written").addEventListener("click", submitWritten);
$("choice").addEventListener("submit", submitChoice);
$("written-answer").addEventListener("input", updateCount);
$("submit-file").addEventListener("click", submitFile);
$("finish-button").addEventListener("click", finish);

showQuestion();
