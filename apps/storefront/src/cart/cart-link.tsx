import { useStore } from '@nanostores/react';
import { params } from '@nanostores/i18n';
import { NavLink } from 'react-router';
import { i18n } from '../i18n/i18n';
import { useCart } from './cart-context';

export const messages = i18n('cartLink', { label: params('Cart ({count})') });

/** The header's link to the cart; its name carries the item count: "Cart (3)". */
export function CartLink() {
  const t = useStore(messages);
  const { count } = useCart();
  return (
    <NavLink to="/cart" className="cart-link">
      {t.label({ count: String(count) })}
    </NavLink>
  );
}
