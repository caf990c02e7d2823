// Recording in the browser and uploading straight to S3, for the candidate pages.
// Our own module: no library, nothing from a CDN.

const PREFERRED_TYPES = [
  "video/webm;codecs=vp8,opus",
  "video/webm;codecs=vp9,opus",
  "video/webm",
  "video/mp4;codecs=avc1,mp4a",
  "video/mp4",
];

export function pickMimeType() {
  if (typeof MediaRecorder === "undefined") return null;
  return PREFERRED_TYPES.find((type) => MediaRecorder.isTypeSupported(type)) || "";
}

export function recordingSupported() {
  return Boolean(navigator.mediaDevices && navigator.mediaDevices.getUserMedia && window.MediaRecorder);
}

export async function openCamera() {
  return navigator.mediaDevices.getUserMedia({
    video: { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 24 } },
    audio: { echoCancellation: true, noiseSuppression: true },
  });
}

// Specific help for each way the browser can refuse.
export function describeMediaError(error) {
  const name = (error && error.name) || "";
  if (name === "NotAllowedError" || name === "SecurityError") {
    return "Your browser blocked the camera or microphone. Click the camera icon in the address bar, choose “Allow”, then reload this page. On a phone, check the browser's permissions in your settings.";
  }
  if (name === "NotFoundError" || name === "OverconstrainedError") {
    return "No camera or microphone was found. Plug one in (or close the lid of a laptop docked to a screen), then reload this page.";
  }
  if (name === "NotReadableError" || name === "AbortError") {
    return "Another app is using your camera or microphone (a video call, for example). Close it, then reload this page.";
  }
  if (!recordingSupported()) {
    return "This browser cannot record video. Please use a current version of Chrome, Edge, Firefox or Safari.";
  }
  return `The camera or microphone could not start (${name || "unknown error"}). Reload the page, or try another browser.`;
}

// A live microphone level from 0 to 100, reported about 10 times a second.
export function levelMeter(stream, onLevel) {
  const AudioContextClass = window.AudioContext || window.webkitAudioContext;
  if (!AudioContextClass) return () => {};
  const context = new AudioContextClass();
  const analyser = context.createAnalyser();
  analyser.fftSize = 1024;
  context.createMediaStreamSource(stream).connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const sample of samples) sum += sample * sample;
    const rms = Math.sqrt(sum / samples.length);
    onLevel(Math.min(100, Math.round(rms * 400)));
  }, 100);
  return () => {
    clearInterval(timer);
    context.close();
  };
}

// One recording: start(limitSeconds) then stop() resolves with {blob, type, duration}.
export class Recording {
  constructor(stream, { onTick = () => {}, onLimit = () => {} } = {}) {
    this.stream = stream;
    this.onTick = onTick;
    this.onLimit = onLimit;
    this.chunks = [];
  }

  start(limitSeconds) {
    const mimeType = pickMimeType();
    const options = { videoBitsPerSecond: 1_000_000, audioBitsPerSecond: 64_000 };
    if (mimeType) options.mimeType = mimeType;
    this.recorder = new MediaRecorder(this.stream, options);
    this.recorder.ondataavailable = (event) => {
      if (event.data && event.data.size) this.chunks.push(event.data);
    };
    this.stopped = new Promise((resolve) => {
      this.recorder.onstop = () => resolve();
    });
    this.startedAt = performance.now();
    this.recorder.start(1000);
    this.ticker = setInterval(() => {
      const elapsed = (performance.now() - this.startedAt) / 1000;
      this.onTick(elapsed, limitSeconds);
      if (elapsed >= limitSeconds) {
        this.onLimit();
        this.stop();
      }
    }, 250);
  }

  async stop() {
    clearInterval(this.ticker);
    if (this.recorder && this.recorder.state !== "inactive") this.recorder.stop();
    await this.stopped;
    const duration = (performance.now() - this.startedAt) / 1000;
    // The type the browser really produced: the upload is signed for it.
    const type = this.recorder.mimeType || (this.chunks[0] && this.chunks[0].type) || "video/webm";
    return { blob: new Blob(this.chunks, { type }), type, duration };
  }
}

// --- Answers kept on this device until the server confirms them (IndexedDB) ---------------------

const DB_NAME = "palantrix-answers";

function openStore() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore("recordings");
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function transact(mode, action) {
  const db = await openStore();
  return new Promise((resolve, reject) => {
    const tx = db.transaction("recordings", mode);
    const request = action(tx.objectStore("recordings"));
    tx.oncomplete = () => resolve(request && request.result);
    tx.onerror = () => reject(tx.error);
  });
}

export const localAnswers = {
  save: (key, record) => transact("readwrite", (store) => store.put(record, key)),
  load: (key) => transact("readonly", (store) => store.get(key)),
  remove: (key) => transact("readwrite", (store) => store.delete(key)),
};

// --- Talking to the server and to S3 ---------------------------------------------------------------

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

export async function api(url, { method = "GET", body } = {}) {
  let response;
  try {
    response = await fetch(url, {
      method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError("No connection to the server.", 0);
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(data.error || `The server answered ${response.status}.`, response.status);
  return data;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Try `action` until it works: network faults wait with growing pauses (and retry at
// once when the browser comes back online); answers from our server that say "no" stop.
export async function withRetry(action, { onWait = () => {}, attempts = 12 } = {}) {
  let delay = 1000;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await action();
    } catch (error) {
      const retriable = !(error instanceof ApiError) || error.status === 0 || error.status === 429 || error.status >= 500;
      if (!retriable || attempt >= attempts) throw error;
      onWait(error, delay);
      await Promise.race([
        sleep(delay),
        new Promise((resolve) => window.addEventListener("online", resolve, { once: true })),
      ]);
      delay = Math.min(delay * 2, 30000);
    }
  }
}

async function putPart(url, body) {
  let response;
  try {
    response = await fetch(url, { method: "PUT", body });
  } catch (error) {
    throw new ApiError("The connection dropped during the upload.", 0);
  }
  if (!response.ok) throw new ApiError(`Storage answered ${response.status}.`, response.status >= 500 ? response.status : 0);
  const etag = response.headers.get("ETag");
  if (!etag) throw new ApiError("Storage did not confirm the part.", 0);
  return etag.replaceAll('"', "");
}

// Upload one answer with presigned multipart URLs, resuming after the parts S3 already has.
export async function uploadAnswer({ base, questionId, blob, type, duration, onProgress, onWait }) {
  const answerUrl = `${base}${questionId}/`;
  const started = await withRetry(
    () => api(`${answerUrl}upload/`, { method: "POST", body: { content_type: type, size: blob.size } }),
    { onWait },
  );
  const partSize = started.part_size;
  const count = Math.max(1, Math.ceil(blob.size / partSize));
  const known = await withRetry(() => api(`${answerUrl}parts/`), { onWait });
  const done = new Map(known.parts.map((part) => [part.number, part.etag]));
  let sent = [...done.keys()].reduce((bytes, n) => bytes + Math.min(partSize, blob.size - (n - 1) * partSize), 0);
  onProgress(sent / blob.size);
  for (let number = 1; number <= count; number += 1) {
    if (done.has(number)) continue;
    const slice = blob.slice((number - 1) * partSize, number * partSize);
    const etag = await withRetry(async () => {
      const { urls } = await api(`${answerUrl}parts/`, { method: "POST", body: { numbers: [number] } });
      return putPart(urls[String(number)], slice);
    }, { onWait });
    done.set(number, etag);
    sent += slice.size;
    onProgress(sent / blob.size);
  }
  const parts = [...done.entries()].sort((a, b) => a[0] - b[0]).map(([number, etag]) => ({ number, etag }));
  return withRetry(() => api(`${answerUrl}complete/`, { method: "POST", body: { parts, duration } }), { onWait });
}

export function formatSeconds(total) {
  const seconds = Math.max(0, Math.round(total));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}
