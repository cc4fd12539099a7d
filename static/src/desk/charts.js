// Chart.js with only the pieces the desk draws (bars and lines), registered once.
import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController,
  LineElement, PointElement, Tooltip,
} from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement,
  PointElement, Legend, Tooltip);
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
Chart.defaults.color = '#374151';
Chart.defaults.animation = false; // figures for reading, not for watching

export const PALETTE = ['#0b3d91', '#c2410c', '#15803d', '#7c3aed', '#b91c1c', '#0e7490', '#a16207', '#4b5563'];
const charts = new Map();

/** Draw (or redraw) a chart on a canvas by id. */
export function chart(id, config) {
  charts.get(id)?.destroy();
  const made = new Chart(document.getElementById(id), { ...config,
    options: { responsive: true, maintainAspectRatio: false, ...config.options } });
  charts.set(id, made);
  return made;
}
