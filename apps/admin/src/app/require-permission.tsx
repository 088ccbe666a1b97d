import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useSession } from '../session/session-context';
import { can, PERMISSIONS, type Permission } from '../session/roles';

/** A page only some roles may open: others get a plain explanation (the API would answer 403 anyway). */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { staff } = useSession();
  if (can(staff.role, permission)) return children;
  return (
    <section className="state">
      <title>Not allowed · Storepay Admin</title>
      <h1 className="state__title">You can't open this page</h1>
      <p>
        It needs the <strong>{PERMISSIONS[permission]}</strong> role; you are signed in as <strong>{staff.role}</strong>
        .
      </p>
      <Link to="/payments" className="button">
        Go to the payment list
      </Link>
    </section>
  );
}
