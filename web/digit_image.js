// A 28×28 digit (784 bytes, 0 = background) as a small canvas: CSS scales it up, pixelated.
export function digitCanvas(pixels) {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 28;
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(28, 28);
  for (let i = 0; i < 784; i++) image.data.set([pixels[i], pixels[i], pixels[i], 255], i * 4);
  ctx.putImageData(image, 0, 0);
  return canvas;
}
