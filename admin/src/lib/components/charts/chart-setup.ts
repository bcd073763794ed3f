import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

// Only the parts the dashboard draws (lines and bars on category × linear axes), to keep the bundle small.
Chart.register(LineController, LineElement, PointElement, Filler, BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
Chart.defaults.color = '#3d4552';
// Axis ticks and tooltips format numbers as format.ts does ("1,443"), whatever the browser's language.
Chart.defaults.locale = 'en-US';

/** Colours that stay apart for most colour-vision types, strongest first. */
export const PALETTE = ['#1f5fbf', '#d9480f', '#2b8a3e', '#862e9c', '#c2255c', '#0b7285', '#e67700', '#5f3dc4'];

export { Chart };
