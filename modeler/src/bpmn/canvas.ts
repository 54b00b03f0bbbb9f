/** Small helpers over diagram-js services, typed with diagram-js's own declarations. */
import type Canvas from 'diagram-js/lib/core/Canvas';

/** Zooms to show the whole diagram, centred ('auto' is supported by diagram-js, not by its d.ts). */
export function fitViewport(canvas: Canvas): void {
  canvas.zoom('fit-viewport', 'auto' as unknown as Parameters<Canvas['zoom']>[1]);
}
