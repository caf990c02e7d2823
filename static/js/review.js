// The reviewer's transcript follows the recording, and a click (or Enter) on a sentence
// plays the recording from there. One answer per section: each has its own video.
for (const section of document.querySelectorAll("section.answer")) {
  const video = section.querySelector("video");
  const segments = [...section.querySelectorAll(".transcript .segment")];
  if (!video || !segments.length) continue;
  for (const segment of segments) {
    segment.addEventListener("click", () => {
      video.currentTime = Number(segment.dataset.start);
      video.play().catch(() => {});
    });
  }
  video.addEventListener("timeupdate", () => {
    const now = video.currentTime;
    for (const segment of segments) {
      const active = now >= Number(segment.dataset.start) && now < Number(segment.dataset.end);
      if (active && segment.getAttribute("aria-current") !== "true") {
        segment.setAttribute("aria-current", "true");
        segment.scrollIntoView({ block: "nearest" });
      } else if (!active) {
        segment.removeAttribute("aria-current");
      }
    }
  });
}

// Evidence in the transcript: a reviewer may highlight one competency's evidence only.
for (const filter of document.querySelectorAll("[data-evidence-filter]")) {
  const section = filter.closest("section.answer") || document;
  filter.addEventListener("change", () => {
    const chosen = filter.value;
    for (const piece of section.querySelectorAll(".transcript .has-evidence")) {
      const match = !chosen || piece.dataset.scores.split(" ").includes(chosen);
      piece.classList.toggle("dimmed", !match);
      for (const note of piece.querySelectorAll(".evidence-tag")) {
        note.hidden = Boolean(chosen) && note.dataset.score !== chosen;
      }
    }
  });
}

// A new share link, shown once: copy it with one press.
for (const button of document.querySelectorAll("[data-copy]")) {
  const field = document.getElementById(button.dataset.copy);
  const said = document.querySelector(`[data-copied-for="${button.dataset.copy}"]`);
  field.addEventListener("focus", () => field.select());
  button.addEventListener("click", async () => {
    field.select();
    try {
      await navigator.clipboard.writeText(field.value);
      said.textContent = "Copied.";
    } catch {
      said.textContent = "Selected: press Ctrl+C (⌘C on a Mac) to copy.";
    }
  });
}
if (document.getElementById("new-share-link")) document.getElementById("new-share-link").focus();
