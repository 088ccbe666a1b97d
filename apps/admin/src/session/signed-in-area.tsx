import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Navigate, useLocation } from 'react-router';
import { onUnauthorized } from '../api/api-client';
import { AdminLayout } from '../app/admin-layout';
import { QueryError, QueryLoading } from '../app/page-states';
import { ForcedPasswordChange } from './account-page';
import { SessionContext } from './session-context';
import { forgetSession, sessionQueries } from './session-queries';
import { signInPathFor } from './sign-in-path';

/**
 * The guard around every staff page: reads the session once (GET /api/admin/session); without one (a 401 there or
 * anywhere later) it sends the user to the sign-in page, remembering where they were going.
 */
export function SignedInArea() {
  const queryClient = useQueryClient();
  const session = useQuery(sessionQueries.current());
  const location = useLocation();

  useEffect(() => onUnauthorized(() => forgetSession(queryClient)), [queryClient]);

  if (session.isPending) {
    return (
      <main id="main" className="admin-main">
        <QueryLoading label="Checking your session…" />
      </main>
    );
  }
  if (session.isError) {
    return (
      <main id="main" className="admin-main">
        <QueryError
          title="Couldn't check your session"
          error={session.error}
          retrying={session.isFetching}
          onRetry={() => void session.refetch()}
        />
      </main>
    );
  }
  if (session.data === null) {
    return <Navigate to={signInPathFor(`${location.pathname}${location.search}`)} replace />;
  }
  return (
    <SessionContext value={session.data}>
      {session.data.staff.mustChangePassword ? <ForcedPasswordChange /> : <AdminLayout />}
    </SessionContext>
  );
}
