// Leaflet with the plugins the map uses. The plugins' bundles read a global `L`, so it is set
// in a module of its own that is evaluated before they are.
import L from './leaflet-global.js';
import 'leaflet.markercluster';
import '@geoman-io/leaflet-geoman-free';

L.Icon.Default.imagePath = '/static/dist/vendor/images/';

export default L;
