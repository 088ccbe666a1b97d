import { useStore } from '@nanostores/react';
import { params } from '@nanostores/i18n';
import type { SavedCards } from '@storepay/payments-core';
import { lazy, Suspense, useState } from 'react';
import { useResource } from '../api/use-resource';
import { Loaded } from '../app/loaded';
import { PageLoading } from '../app/page-states';
import { fetchStorefrontConfig } from '../api/config-api';
import { i18n } from '../i18n/i18n';
import { fetchSavedCards, makeDefaultCard, removeSavedCard, startCardSetup } from './account-api';

// The Stripe libraries load with the form that needs them, as on the checkout page.
const CardSetupStep = lazy(() => import('../checkout/payment-step').then((step) => ({ default: step.CardSetupStep })));

export const messages = i18n('paymentMethods', {
  title: 'Payment methods',
  none: 'No saved cards. Tick “Save this card” when you pay, or add one here.',
  loading: 'Loading your cards…',
  loadFailed: "We couldn't load your cards",
  card: params('{brand} ending in {last4}'),
  expires: params('Expires {month}/{year}'),
  isDefault: 'Default',
  makeDefault: 'Make default',
  makeDefaultOf: params('Make default: {card}'),
  remove: 'Remove',
  removeOf: params('Remove: {card}'),
  add: 'Add a card',
  cancel: 'Cancel',
  failed: 'Something went wrong. Please try again in a moment.',
});

const BRANDS: Record<string, string> = { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express' };

/** The cards saved to the shopper's Stripe Customer: remove one, make one the default, add one without buying. */
export function PaymentMethods() {
  const t = useStore(messages);
  const cards = useResource('saved-cards', (signal) => fetchSavedCards({ signal }));
  const reload = () => (cards.status === 'ready' ? cards.reload() : undefined);
  return (
    <section className="panel order-summary" aria-labelledby="payment-methods-heading">
      <h2 id="payment-methods-heading">{t.title}</h2>
      <Loaded resource={cards} loadingLabel={t.loading} errorTitle={t.loadFailed}>
        {(loaded) => <CardList cards={loaded} onChanged={reload} />}
      </Loaded>
    </section>
  );
}

function CardList({ cards, onChanged }: { cards: SavedCards; onChanged: () => void }) {
  const t = useStore(messages);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [adding, setAdding] = useState<{
    clientSecret: string;
    config: Awaited<ReturnType<typeof fetchStorefrontConfig>>;
  } | null>(null);

  async function act(work: () => Promise<unknown>) {
    setBusy(true);
    setProblem(null);
    try {
      await work();
      onChanged();
    } catch {
      setProblem(t.failed);
    } finally {
      setBusy(false);
    }
  }

  async function add() {
    setBusy(true);
    setProblem(null);
    try {
      const [clientSecret, config] = await Promise.all([startCardSetup(), fetchStorefrontConfig()]);
      setAdding({ clientSecret, config });
    } catch {
      setProblem(t.failed);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      {problem ? (
        <div className="form-alert" role="alert">
          {problem}
        </div>
      ) : null}
      {cards.paymentMethods.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <ul className="saved-cards" aria-label={t.title}>
          {cards.paymentMethods.map((card) => {
            const name = t.card({ brand: BRANDS[card.brand] ?? card.brand, last4: card.last4 });
            return (
              <li key={card.id}>
                <span>
                  <strong>{name}</strong>{' '}
                  <span className="muted">
                    {t.expires({ month: String(card.expMonth).padStart(2, '0'), year: String(card.expYear) })}
                  </span>
                  {card.isDefault ? <span className="badge">{t.isDefault}</span> : null}
                </span>
                <span className="button-row">
                  {card.isDefault ? null : (
                    <button
                      type="button"
                      className="button button--secondary button--small"
                      disabled={busy}
                      aria-label={t.makeDefaultOf({ card: name })}
                      onClick={() => void act(() => makeDefaultCard(card.id))}
                    >
                      {t.makeDefault}
                    </button>
                  )}
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    disabled={busy}
                    aria-label={t.removeOf({ card: name })}
                    onClick={() => void act(() => removeSavedCard(card.id))}
                  >
                    {t.remove}
                  </button>
                </span>
              </li>
            );
          })}
        </ul>
      )}
      {adding ? (
        <div className="card-setup">
          <Suspense fallback={<PageLoading label={t.loading} />}>
            <CardSetupStep
              clientSecret={adding.clientSecret}
              config={adding.config}
              onSaved={() => {
                setAdding(null);
                onChanged();
              }}
            />
          </Suspense>
          <button type="button" className="button button--secondary" onClick={() => setAdding(null)}>
            {t.cancel}
          </button>
        </div>
      ) : (
        <button type="button" className="button button--secondary" disabled={busy} onClick={() => void add()}>
          {t.add}
        </button>
      )}
    </>
  );
}
