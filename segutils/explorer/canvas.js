// The explorer's frame with a drawing layer (segutils/explorer/canvas.py says what it does).
//
// The frame is an <img> of the kernel's JPEG; a <canvas> over its image part takes the pointer.
// While the pointer moves, the stroke or the box is drawn on the canvas here, in the browser, so
// it follows the pointer at once. On release the finished drawing goes to the kernel as one
// message; it stays on the canvas until a frame that draws it arrives (`drawn` >= its id).

function rgb(colour, alpha) {
  return `rgba(${colour[0]}, ${colour[1]}, ${colour[2]}, ${alpha})`;
}

function render({ model, el }) {
  el.classList.add("segutils-explorer-canvas");
  const image = document.createElement("img");
  image.classList.add("segutils-explorer-image");
  image.draggable = false;
  const canvas = document.createElement("canvas");
  el.append(image, canvas);
  const context = canvas.getContext("2d");

  let pending = []; // drawings sent, not yet in a frame: [{id, kind, ...}]
  let current = null; // the drawing under the pointer
  let nextId = model.get("drawn") + 1; // a re-rendered view goes on numbering
  let url = null;

  function showFrame() {
    const bytes = model.get("frame");
    if (!bytes || bytes.byteLength === 0) return;
    const blob = new Blob([bytes], { type: "image/jpeg" });
    const next = URL.createObjectURL(blob);
    image.src = next;
    if (url) URL.revokeObjectURL(url);
    url = next;
  }

  function fitCanvas() {
    // The canvas covers the image part of the frame (its left part, side by side) at the
    // frame's own resolution; CSS scales it with the <img> when the page narrows the image.
    const width = model.get("width");
    const height = model.get("height");
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    const natural = image.naturalWidth || width;
    const shown = image.clientWidth || natural;
    const scale = shown / natural;
    canvas.style.width = `${width * scale}px`;
    canvas.style.height = `${height * scale}px`;
    redraw();
  }

  function position(event) {
    // Pointer -> display pixels (row, col), kept inside the picture.
    const bounds = canvas.getBoundingClientRect();
    const col = ((event.clientX - bounds.left) * canvas.width) / Math.max(bounds.width, 1);
    const row = ((event.clientY - bounds.top) * canvas.height) / Math.max(bounds.height, 1);
    return [
      Math.min(Math.max(row, 0), canvas.height - 1),
      Math.min(Math.max(col, 0), canvas.width - 1),
    ];
  }

  function drawStroke(drawing) {
    const colours = model.get("colours");
    const colour = colours[Math.min(drawing.label, colours.length - 1)] || [255, 255, 255];
    context.strokeStyle = rgb(colour, drawing.label === 0 ? 0.6 : 0.9);
    context.fillStyle = context.strokeStyle;
    context.lineWidth = 2 * drawing.brush + 1;
    context.lineCap = "round";
    context.lineJoin = "round";
    const points = drawing.points;
    context.beginPath();
    if (points.length === 1) {
      context.arc(points[0][1], points[0][0], drawing.brush + 0.5, 0, 2 * Math.PI);
      context.fill();
      return;
    }
    context.moveTo(points[0][1], points[0][0]);
    for (const [row, col] of points.slice(1)) context.lineTo(col, row);
    context.stroke();
  }

  function drawBox(drawing) {
    const [r0, c0] = drawing.start;
    const [r1, c1] = drawing.end;
    context.strokeStyle = rgb(model.get("box_colour"), 1.0);
    context.lineWidth = 2;
    context.setLineDash([]);
    context.strokeRect(Math.min(c0, c1), Math.min(r0, r1), Math.abs(c1 - c0), Math.abs(r1 - r0));
  }

  function draw(drawing) {
    if (drawing.kind === "stroke") drawStroke(drawing);
    else if (drawing.kind === "box") drawBox(drawing);
  }

  function redraw() {
    context.clearRect(0, 0, canvas.width, canvas.height);
    for (const drawing of pending) draw(drawing);
    if (current) draw(current);
  }

  function echoed(event) {
    el.dataset.echoMs = (performance.now() - event.timeStamp).toFixed(1);
  }

  canvas.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    canvas.setPointerCapture(event.pointerId);
    const point = position(event);
    const tool = model.get("tool");
    if (tool === "box") current = { kind: "box", start: point, end: point };
    else if (tool === "stroke")
      current = {
        kind: "stroke",
        label: model.get("label"),
        brush: model.get("brush"),
        points: [point],
      };
    else current = { kind: "click", point };
    redraw();
    echoed(event);
  });

  canvas.addEventListener("pointermove", (event) => {
    if (!current || current.kind === "click") return;
    const point = position(event);
    if (current.kind === "box") {
      current.end = point;
      redraw();
    } else {
      // Only the new segment: no need to repaint the whole canvas per move.
      const last = current.points[current.points.length - 1];
      current.points.push(point);
      draw({ ...current, points: [last, point] });
    }
    echoed(event);
  });

  function finish(event) {
    if (!current) return;
    const drawing = current;
    current = null;
    if (drawing.kind === "box") {
      drawing.end = position(event);
      const tall = Math.abs(drawing.end[0] - drawing.start[0]);
      const wide = Math.abs(drawing.end[1] - drawing.start[1]);
      if (tall < 2 || wide < 2) {
        redraw(); // a click, not a box: nothing to send
        return;
      }
    }
    drawing.id = nextId++;
    if (drawing.kind !== "click") pending.push(drawing);
    model.send(drawing);
    el.dataset.sent = String(drawing.id);
    redraw();
  }

  canvas.addEventListener("pointerup", finish);
  canvas.addEventListener("pointercancel", () => {
    current = null;
    redraw();
  });

  model.on("change:frame", showFrame);
  model.on("change:drawn", () => {
    const drawn = model.get("drawn");
    el.dataset.drawn = String(drawn);
    pending = pending.filter((drawing) => drawing.id > drawn);
    redraw();
  });
  model.on("change:width", fitCanvas);
  model.on("change:height", fitCanvas);
  image.addEventListener("load", fitCanvas);
  const observer = new ResizeObserver(fitCanvas);
  observer.observe(image);
  showFrame();
  fitCanvas();
  return () => {
    observer.disconnect();
    if (url) URL.revokeObjectURL(url);
  };
}

export default { render };
