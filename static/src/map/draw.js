// Drawing a task's point, route or area with Geoman; the shape opens the new-task form.
export function setUpDrawing(map, { onShape, canDraw }) {
  map.pm.setGlobalOptions({ snappable: false, templineStyle: { color: '#0b3d91' }, hintlineStyle: { color: '#0b3d91', dashArray: '5 5' } });
  map.pm.addControls({
    position: 'topleft',
    drawMarker: true, drawPolyline: true, drawPolygon: true, drawRectangle: true,
    drawCircle: false, drawCircleMarker: false, drawText: false,
    editMode: false, dragMode: false, cutPolygon: false, removalMode: false, rotateMode: false,
  });
  map.on('pm:drawstart', (e) => {
    if (!canDraw()) {
      map.pm.disableDraw();
      onShape(null, e.shape);
    }
  });
  map.on('pm:create', (e) => {
    const geometry = e.layer.toGeoJSON().geometry;
    e.layer.remove(); // the task, once created, is drawn by the tasks layer
    // One shape, one task: the tool is put down (a marker tool would otherwise stay armed,
    // "Click to place marker" following the cursor, and the next click make another).
    map.pm.disableDraw();
    onShape(geometry, e.shape);
  });
  // Name the buttons for screen readers and keyboard users.
  const names = { 'leaflet-pm-icon-marker': 'Draw a point task', 'leaflet-pm-icon-polyline': 'Draw a route task',
    'leaflet-pm-icon-polygon': 'Draw an area task', 'leaflet-pm-icon-rectangle': 'Draw a rectangular area task' };
  for (const [cls, label] of Object.entries(names)) {
    const icon = map.getContainer().querySelector(`.${cls}`);
    const button = icon?.closest('a') || icon?.parentElement;
    if (button) {
      button.setAttribute('aria-label', label);
      button.setAttribute('title', label);
      button.setAttribute('role', 'button');
      button.setAttribute('tabindex', '0');
      button.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); icon.click(); }
      });
    }
  }
}
