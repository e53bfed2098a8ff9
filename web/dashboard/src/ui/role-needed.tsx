/** A page the signed-in token may not use, said plainly with what to do instead of a bare 403. */
export function RoleNeeded({
  page,
  role,
  roles,
}: {
  page: string;
  role: string;
  roles: readonly string[];
}) {
  return (
    <div class="notice" role="note">
      <p>
        <strong>
          {page} needs role {role}.
        </strong>{' '}
        Your token has {roles.length === 0 ? 'no roles' : `roles ${roles.join(', ')}`}.
      </p>
      <p>
        Ask whoever runs your identity provider for role {role}, or sign out and sign in as someone
        who has it.
      </p>
    </div>
  );
}
