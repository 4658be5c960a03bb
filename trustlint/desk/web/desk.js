// trustlint desk: lints the draft through this server's /api/lint as you type.
// Draft text only ever enters the page as textContent or text nodes; no request leaves
// the page's own origin (the Content-Security-Policy says connect-src 'self').
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const HEADER_FIELDS = [["subject", "Subject"], ["preheader", "Preheader"], ["from", "From"]];
  const FIELDS = ["subject", "preheader", "from", "body"];
  const BOOL_KEYS = ["first_contact", "bulk", "relationship_verified"];
  const SUFFIX = { txt: "text", text: "text", md: "markdown", markdown: "markdown", html: "html", htm: "html",
    eml: "eml", mjml: "mjml", j2: "template", jinja: "template", jinja2: "template", liquid: "template",
    hbs: "template", handlebars: "template" };
  const DEBOUNCE_MS = 150;
  const state = { rules: {}, keys: [], seq: 0, timer: null, composed: null, csv: null, maxRequest: 8 << 20,
    last: null, lintCount: 0 };
  window.trustlintDesk = state; // tests read lintCount and last

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function status(text) { $("status").textContent = text; }
  function showError(text) {
    const box = $("errors");
    box.textContent = "";
    if (text) box.appendChild(el("div", "", text));
  }

  // ---- the draft: header fields and body composed into one text draft -------------------
  function compose() {
    const fmt = $("format").value;
    const parts = [];
    const starts = {};
    let pos = 0;
    if (fmt !== "eml") {
      for (const [name, label] of HEADER_FIELDS) {
        const value = $("f-" + name).value.replace(/[\r\n]+/g, " ");
        if (!value.trim()) continue;
        const line = label + ": " + value + "\n";
        starts[name] = pos + label.length + 2;
        parts.push(line);
        pos += line.length;
      }
      if (parts.length) { parts.push("\n"); pos += 1; }
    }
    starts.body = pos;
    parts.push($("f-body").value);
    return { text: parts.join(""), starts: starts, format: fmt };
  }

  function context() {
    const ctx = {};
    for (const key of BOOL_KEYS) ctx[key] = $("ctx-" + key).checked;
    const topics = $("ctx-consented_topics").value.split(",").map((s) => s.trim()).filter(Boolean);
    ctx.consented_topics = topics;
    const sender = $("ctx-sender").value.trim();
    if (sender && state.keys.indexOf("sender") >= 0) ctx.sender = sender; // only where the engine knows the key
    return ctx;
  }

  function request() {
    const c = compose();
    state.composed = c;
    return { text: c.text, format: c.format, context: context() };
  }

  async function post(url, body) {
    const payload = JSON.stringify(body);
    if (payload.length > state.maxRequest) {
      throw new Error("this draft is over the " + (state.maxRequest / 1048576).toFixed(1) +
        " MB limit of the desk; lint it with 'trustlint check'");
    }
    const res = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: payload,
      credentials: "same-origin", cache: "no-store", referrerPolicy: "no-referrer" });
    if (!res.ok) {
      let msg = res.status + " " + res.statusText;
      try { msg = (await res.json()).error || msg; } catch (e) { /* not JSON */ }
      throw new Error(msg);
    }
    return res;
  }

  // ---- code points (Python offsets) -> UTF-16 indices (JS strings) --------------------------
  function offsetMap(text) {
    if (!/[\ud800-\udfff]/.test(text)) return (n) => n;
    const map = [];
    let u = 0;
    for (const ch of text) { map.push(u); u += ch.length; }
    map.push(u);
    return (n) => map[Math.max(0, Math.min(n, map.length - 1))];
  }

  // ---- lint -----------------------------------------------------------------------------
  function schedule() {
    clearTimeout(state.timer);
    state.timer = setTimeout(lint, DEBOUNCE_MS);
  }

  async function lint() {
    const body = request();
    const seq = ++state.seq;
    if (!body.text.trim()) {
      render(null, null);
      status("type or paste a draft");
      return;
    }
    status("linting…");
    try {
      const [res, extra] = await Promise.all([post("/api/lint", body), post("/api/levers", body)]);
      const report = await res.json();
      const more = await extra.json();
      if (seq !== state.seq) return; // a newer edit is on its way
      state.last = report;
      state.lintCount += 1;
      render(report, more);
      const n = report.files.length ? report.files[0].findings.length : 0;
      status("linted: " + n + " finding" + (n === 1 ? "" : "s"));
      if (state.csv) previewRecipient();
    } catch (err) {
      if (seq !== state.seq) return;
      showError(err.message);
      status("error");
    }
  }

  // ---- render ---------------------------------------------------------------------------
  function band(t) { return t >= 5 ? "high" : t >= 3 ? "moderate" : "low"; }

  function render(report, more) {
    showError("");
    const file = report && report.files[0];
    const score = $("score");
    score.classList.remove("high", "moderate", "low");
    for (const [id, key] of [["t", "trust"], ["c", "credibility"], ["r", "reliability"], ["i", "intimacy"],
      ["s", "self_orientation"]]) {
      $(id).textContent = file ? file.score[key].toFixed(id === "t" ? 2 : 1) : "–";
    }
    if (file) score.classList.add(band(file.score.trust));
    if (report && report.errors.length) showError(report.errors.map((e) => e.message).join("; "));
    if (file && file.warnings.length) {
      const box = $("errors");
      for (const w of file.warnings) box.appendChild(el("div", "", "warning: " + w));
    }
    renderFindings(file ? file.findings : [], more ? more.levers : []);
    renderSignals(file ? file.signals : []);
    renderLevers(more ? more.levers : []);
    highlight(file, more ? more.tokens : []);
  }

  function where(item) {
    return item.field + " " + item.line + ":" + item.column;
  }

  function renderFindings(findings, levers) {
    const list = $("findings");
    list.textContent = "";
    $("count").textContent = findings.length ? "(" + findings.length + ")" : "";
    const gain = {};
    for (const lv of levers) gain[lv.code] = lv.gain;
    if (!findings.length) { list.appendChild(el("li", "empty", "No findings.")); return; }
    findings.forEach((f, n) => {
      const li = el("li", f.severity);
      li.dataset.code = f.code;
      li.dataset.n = String(n);
      li.appendChild(el("span", "where", where(f)));
      li.appendChild(el("span", "code", f.code + " " + f.name));
      li.appendChild(el("span", "sev", f.severity));
      if (gain[f.code] > 0) li.appendChild(el("span", "gain", "  fix: T +" + gain[f.code].toFixed(2)));
      li.appendChild(el("div", "msg", f.message));
      if (f.suggestion) li.appendChild(el("div", "fix", f.suggestion));
      const info = state.rules[f.code];
      if (info && info.why) {
        const d = el("details");
        d.appendChild(el("summary", "", "Why it erodes trust"));
        d.appendChild(el("p", "", info.why));
        if (info.source) d.appendChild(el("p", "", "Source: " + info.source));
        li.appendChild(d);
      }
      li.addEventListener("click", (ev) => { if (ev.target.tagName !== "SUMMARY") select(f); });
      list.appendChild(li);
    });
  }

  function renderSignals(signals) {
    const list = $("signals");
    list.textContent = "";
    if (!signals.length) { list.appendChild(el("li", "empty", "No positive signals yet (a named source, a real date, a way to reply).")); return; }
    for (const s of signals) {
      const li = el("li", "signal");
      li.appendChild(el("span", "where", where(s)));
      li.appendChild(el("span", "code", "+ " + s.kind));
      li.appendChild(el("div", "msg", s.message));
      list.appendChild(li);
    }
  }

  function renderLevers(levers) {
    const list = $("levers");
    list.textContent = "";
    const useful = levers.filter((lv) => lv.gain > 0);
    if (!useful.length) { list.appendChild(el("li", "empty", levers.length ? "No single fix moves T (components at their limits)." : "Nothing to fix.")); return; }
    const top = useful[0].gain || 1;
    for (const lv of useful) {
      const li = el("li");
      li.dataset.code = lv.code;
      li.appendChild(el("span", "label", "fix " + lv.code + ": T +" + lv.gain.toFixed(2)));
      const bar = el("span", "bar");
      const fill = el("i");
      fill.style.width = Math.max(3, Math.round(lv.gain / top * 100)) + "%"; // CSSOM, allowed by the CSP
      bar.appendChild(fill);
      li.appendChild(bar);
      li.appendChild(el("span", "hint", "→ " + lv.trust.toFixed(2)));
      list.appendChild(li);
    }
  }

  // Which field and field-local UTF-16 range a source span [start, end) falls in.
  function locate(start, end) {
    const c = state.composed;
    if (!c) return null;
    const conv = offsetMap(c.text);
    const s = conv(start), e = conv(end);
    let best = null;
    for (const name of FIELDS) {
      const at = c.starts[name];
      if (at === undefined) continue;
      const len = name === "body" ? $("f-body").value.length : $("f-" + name).value.replace(/[\r\n]+/g, " ").length;
      if (s >= at && s <= at + len && (best === null || at >= c.starts[best])) best = name;
    }
    if (best === null) return null;
    const at = c.starts[best];
    const len = $("f-" + best).value.length;
    return { field: best, start: Math.min(s - at, len), end: Math.min(Math.max(e - at, s - at), len) };
  }

  function highlight(file, tokens) {
    const spans = {};
    for (const name of FIELDS) spans[name] = [];
    const add = (start, end, cls, ref) => {
      const loc = locate(start, end);
      if (loc && loc.end > loc.start) spans[loc.field].push({ start: loc.start, end: loc.end, cls: cls, ref: ref });
    };
    if (file) {
      file.findings.forEach((f, n) => add(f.offset, f.end_offset, f.severity, "f" + n));
      signalSpans(file, add);
    }
    for (const t of tokens || []) add(t.offset, t.end_offset, "token", "");
    for (const name of FIELDS) paint(name, spans[name]);
  }

  // Signals have line/column; turn them into source offsets on the composed text.
  function signalSpans(file, add) {
    const text = state.composed.text;
    const lines = [0];
    let cp = 0;
    for (const ch of text) { cp += 1; if (ch === "\n") lines.push(cp); }
    const toOffset = (line, col) => (lines[line - 1] || 0) + col - 1;
    for (const s of file.signals) add(toOffset(s.line, s.column), toOffset(s.end_line, s.end_column), "signal", "");
  }

  function paint(name, spans) {
    const area = $("f-" + name);
    const back = area.parentNode.querySelector(".backdrop");
    const text = area.value;
    back.textContent = "";
    const cuts = new Set([0, text.length]);
    for (const s of spans) { cuts.add(s.start); cuts.add(s.end); }
    const points = Array.from(cuts).sort((a, b) => a - b);
    const rank = { error: 5, warning: 4, info: 3, signal: 2, token: 1 };
    for (let k = 0; k < points.length - 1; k++) {
      const a = points[k], b = points[k + 1];
      if (b <= a) continue;
      const piece = text.slice(a, b);
      const covering = spans.filter((s) => s.start <= a && s.end >= b);
      if (!covering.length) { back.appendChild(document.createTextNode(piece)); continue; }
      covering.sort((x, y) => rank[y.cls] - rank[x.cls]);
      const m = el("mark", covering[0].cls, piece);
      const refs = covering.map((s) => s.ref).filter(Boolean);
      if (refs.length) m.dataset.refs = refs.join(" ");
      back.appendChild(m);
    }
    back.appendChild(document.createTextNode("\n")); // a trailing newline keeps the heights equal
    grow(area);
  }

  function grow(area) {
    area.style.height = "auto";
    area.style.height = area.scrollHeight + "px";
  }

  function select(f) {
    const loc = locate(f.offset, f.end_offset);
    if (!loc) return;
    const area = $("f-" + loc.field);
    area.focus();
    area.setSelectionRange(loc.start, loc.end);
    for (const m of document.querySelectorAll("mark.focus")) m.classList.remove("focus");
    const n = state.last ? state.last.files[0].findings.indexOf(f) : -1;
    for (const m of document.querySelectorAll("mark[data-refs]")) {
      if (m.dataset.refs.split(" ").indexOf("f" + n) >= 0) m.classList.add("focus");
    }
  }

  // ---- files: open, drop, export ----------------------------------------------------------
  function loadFile(file) {
    if (file.size > state.maxRequest) { showError(file.name + ": over the desk's size limit; use 'trustlint check'"); return; }
    const reader = new FileReader();
    reader.onload = () => {
      const ext = (file.name.split(".").pop() || "").toLowerCase();
      const fmt = SUFFIX[ext] || "text";
      $("format").value = fmt;
      let body = String(reader.result);
      for (const [name] of HEADER_FIELDS) $("f-" + name).value = "";
      if (fmt === "text" || fmt === "markdown") body = splitHeaders(body);
      $("f-body").value = body;
      formatChanged();
      status("opened " + file.name);
    };
    reader.onerror = () => showError(file.name + ": cannot read this file");
    reader.readAsText(file);
  }

  // A leading Subject:/Preheader:/From: block goes into its fields; anything else stays in the body.
  function splitHeaders(text) {
    const m = /^((?:(?:subject|preheader|from)[ \t]*:[^\n]*\n)+)\r?\n/i.exec(text);
    if (!m) return text;
    for (const line of m[1].split("\n")) {
      const h = /^(subject|preheader|from)[ \t]*:[ \t]*(.*?)[ \t\r]*$/i.exec(line);
      if (h) $("f-" + h[1].toLowerCase()).value = h[2];
    }
    return text.slice(m[0].length);
  }

  function formatChanged() {
    const eml = $("format").value === "eml";
    for (const [name] of HEADER_FIELDS) {
      $("f-" + name).disabled = eml;
      $("f-" + name).closest(".field").classList.toggle("disabled", eml);
    }
    for (const name of FIELDS) grow($("f-" + name));
    schedule();
  }

  async function exportReport() {
    try {
      const res = await post("/api/report", request());
      const blob = await res.blob();
      const a = el("a");
      a.href = URL.createObjectURL(blob);
      a.download = "trustlint-report.html";
      document.body.appendChild(a);
      a.click();
      setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
      status("report exported");
    } catch (err) { showError(err.message); }
  }

  // ---- recipients preview ----------------------------------------------------------------
  async function previewRecipient() {
    if (!state.csv) return;
    const body = request();
    body.csv = state.csv;
    body.row = parseInt($("row").value, 10) || 1;
    const out = $("preview"), list = $("preview-findings");
    try {
      const res = await post("/api/recipients", body);
      const data = await res.json();
      $("row").max = String(data.rows);
      out.textContent = "";
      for (const [name, label] of [["subject", "Subject"], ["preheader", "Preheader"], ["body", ""]]) {
        if (data.rendered[name] === undefined) continue;
        out.appendChild(document.createTextNode((label ? label + ": " : "\n") + data.rendered[name] + "\n"));
      }
      list.textContent = "";
      const shown = data.findings.filter((f) => f.code === "TL507");
      if (!shown.length) list.appendChild(el("li", "empty", "Row " + data.row + " of " + data.rows + ": every merge field renders."));
      for (const f of shown) {
        const li = el("li", f.severity);
        li.appendChild(el("span", "where", "row " + data.row + ", " + where(f)));
        li.appendChild(el("span", "code", f.code + " " + f.name));
        li.appendChild(el("div", "msg", f.message));
        list.appendChild(li);
      }
    } catch (err) {
      out.textContent = "";
      list.textContent = "";
      list.appendChild(el("li", "error", err.message));
    }
  }

  // ---- start ------------------------------------------------------------------------------
  async function start() {
    for (const name of FIELDS) {
      const area = $("f-" + name);
      area.addEventListener("input", () => { grow(area); schedule(); });
      if (name !== "body") {
        area.addEventListener("keydown", (ev) => { if (ev.key === "Enter") ev.preventDefault(); });
      }
    }
    for (const input of $("context").querySelectorAll("input")) {
      input.addEventListener(input.type === "checkbox" ? "change" : "input", schedule);
    }
    $("format").addEventListener("change", formatChanged);
    $("open").addEventListener("change", (ev) => { if (ev.target.files[0]) loadFile(ev.target.files[0]); ev.target.value = ""; });
    $("export").addEventListener("click", exportReport);
    $("csv").addEventListener("change", (ev) => {
      const file = ev.target.files[0];
      if (!file) return;
      const reader = new FileReader();
      reader.onload = () => { state.csv = String(reader.result); $("csv-name").textContent = file.name; previewRecipient(); };
      reader.readAsText(file);
    });
    $("row").addEventListener("input", previewRecipient);
    const zone = $("draft");
    zone.addEventListener("dragover", (ev) => { ev.preventDefault(); zone.classList.add("dragging"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
    zone.addEventListener("drop", (ev) => {
      ev.preventDefault();
      zone.classList.remove("dragging");
      const file = ev.dataTransfer && ev.dataTransfer.files[0];
      if (file) loadFile(file);
    });
    try {
      const res = await fetch("/api/meta", { cache: "no-store" });
      const meta = await res.json();
      if (!res.ok) throw new Error(meta.error || res.statusText);
      for (const r of meta.rules) state.rules[r.code] = r;
      state.keys = meta.context_keys;
      state.maxRequest = meta.max_request;
      for (const key of BOOL_KEYS) $("ctx-" + key).checked = !!meta.context[key];
      $("ctx-consented_topics").value = (meta.context.consented_topics || []).join(", ");
      const sender = meta.context.sender;
      if (sender && sender.length) $("ctx-sender").value = Array.isArray(sender) ? sender.join(", ") : String(sender);
      if (state.keys.indexOf("sender") < 0) {
        $("sender-label").classList.add("unsupported");
        $("sender-label").title = "this trustlint version has no 'sender' context key yet";
      }
      status("ready (trustlint " + meta.version + (meta.config ? ", config " + meta.config : "") + ")");
    } catch (err) {
      showError("cannot reach the desk's server: " + err.message);
    }
    render(null, null);
    if ($("f-body").value || $("f-subject").value) schedule();
  }

  document.addEventListener("DOMContentLoaded", start);
})();
