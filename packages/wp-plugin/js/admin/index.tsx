/**
 * The `wpsignal-admin` script: the React admin app on Settings › WordSocket, mounted into the
 * page's `#wordsocket-admin` (includes/Admin_Page.php).
 */
import { createRoot } from '@wordpress/element';

import { App } from './components/App';
import './style.css';

const mount = document.getElementById('wordsocket-admin');
if (mount) createRoot(mount).render(<App />);
