import { NavLink } from 'react-router';
import { useCart } from './cart-context';

/** The header's link to the cart; its name carries the item count: "Cart (3)". */
export function CartLink() {
  const { count } = useCart();
  return (
    <NavLink to="/cart" className="cart-link">
      Cart ({count})
    </NavLink>
  );
}
