import { useStore } from '@nanostores/react';
import { params } from '@nanostores/i18n';
import { useId, useState } from 'react';
import { i18n } from '../i18n/i18n';
import { clampQuantity, MAX_CART_QUANTITY } from './cart-storage';

export const messages = i18n('quantity', {
  label: 'Quantity',
  labelOf: params('Quantity of {product}'),
  decrease: params('Decrease quantity of {product}'),
  increase: params('Increase quantity of {product}'),
  range: params('Enter a number from 1 to {max}.'),
});

interface QuantityControlProps {
  /** The product's name, for the labels ("Quantity of Linen tote"). */
  name: string;
  quantity: number;
  onChange: (quantity: number) => void;
}

const isValidQuantity = (value: number) => Number.isInteger(value) && value >= 1 && value <= MAX_CART_QUANTITY;

/**
 * A quantity from 1 to 99: a number field with − and + buttons. A typed value outside the range is flagged while
 * typing and clamped when the field loses focus; removing an item is the Remove button's job, not quantity 0.
 */
export function QuantityControl({ name, quantity, onChange }: QuantityControlProps) {
  const t = useStore(messages);
  const id = useId();
  const hintId = `${id}-hint`;
  const [draft, setDraft] = useState(String(quantity));
  const [shown, setShown] = useState(quantity);
  if (shown !== quantity) {
    // The quantity changed elsewhere (a button, another tab): show it.
    setShown(quantity);
    setDraft(String(quantity));
  }
  const draftValue = draft.trim() === '' ? Number.NaN : Number(draft);
  const invalid = !isValidQuantity(draftValue);

  function commit(next: number) {
    setDraft(String(next));
    if (next !== quantity) onChange(next);
  }

  return (
    <div className="quantity-control">
      <label htmlFor={id} className="quantity-control__label">
        {t.label}
      </label>
      <div className="quantity-control__inputs">
        <button
          type="button"
          className="quantity-control__step"
          aria-label={t.decrease({ product: name })}
          disabled={quantity <= 1}
          onClick={() => commit(clampQuantity(quantity - 1))}
        >
          −
        </button>
        <input
          id={id}
          // The visible label says "Quantity"; the name says of what (it contains the visible words).
          aria-label={t.labelOf({ product: name })}
          type="number"
          inputMode="numeric"
          min={1}
          max={MAX_CART_QUANTITY}
          step={1}
          value={draft}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? hintId : undefined}
          onChange={(event) => {
            setDraft(event.target.value);
            const next = Number(event.target.value);
            if (event.target.value.trim() !== '' && isValidQuantity(next) && next !== quantity) onChange(next);
          }}
          onBlur={() => commit(Number.isNaN(draftValue) ? quantity : clampQuantity(draftValue))}
        />
        <button
          type="button"
          className="quantity-control__step"
          aria-label={t.increase({ product: name })}
          disabled={quantity >= MAX_CART_QUANTITY}
          onClick={() => commit(clampQuantity(quantity + 1))}
        >
          +
        </button>
      </div>
      {invalid ? (
        <p id={hintId} className="field-error">
          {t.range({ max: String(MAX_CART_QUANTITY) })}
        </p>
      ) : null}
    </div>
  );
}
