/* global window, document */
// The emulator's 3D Secure challenge page (GET /3ds/:id). Complete and Fail settle the authentication through
// POST /3ds/:id/complete|fail, then tell Stripe.js in the parent window, which re-reads the intent.
const challenge = document.getElementById('challenge');
const status = document.getElementById('status');
const { intentId, clientSecret } = challenge.dataset;

async function settle(outcome) {
  for (const button of challenge.querySelectorAll('button')) button.disabled = true;
  status.textContent = outcome === 'complete' ? 'Authenticating…' : 'Failing authentication…';
  let ok = false;
  try {
    const response = await fetch(`/3ds/${encodeURIComponent(intentId)}/${outcome}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_secret: clientSecret }).toString(),
    });
    const json = await response.json().catch(() => ({}));
    ok = response.ok && !json.error;
    status.textContent = ok
      ? outcome === 'complete'
        ? 'Authentication complete.'
        : 'Authentication failed.'
      : `The emulator rejected this: ${json.error?.message ?? `HTTP ${response.status}`}`;
  } catch (error) {
    status.textContent = `Could not reach the emulator: ${error}`;
  }
  // Only the outcome goes to the parent (any origin): Stripe.js re-reads the intent with its own key.
  if (window.parent !== window) {
    window.parent.postMessage({ __stripeEmulator: true, type: '3ds-result', intent: intentId, outcome, ok }, '*');
  }
}

// The buttons stay disabled until this script runs, so no click is lost before it can be handled.
for (const button of challenge.querySelectorAll('button')) {
  button.addEventListener('click', () => settle(button.value === 'fail' ? 'fail' : 'complete'));
  button.disabled = false;
}
