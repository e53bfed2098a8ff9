-- The two database roles of docs/security.md "Database roles", for docker-compose.yml (run once
-- by the postgres image on an empty data directory, as the superuser, in the `mcp` database).
--
--   mcp_owner  owns the database and its public schema: `npm run migrate` connects as it
--              (MIGRATION_DATABASE_URL) and creates every table.
--   mcp_app    the server's role (DATABASE_URL): it may connect and nothing else until the
--              migrations grant it DML on the feature tables and only INSERT and SELECT on
--              audit_log (migration ChainAuditLog, told the role through `mcp.app_role`).
--
-- The passwords are the compose trial's; a real deployment keeps them in its secret store.
CREATE ROLE mcp_owner LOGIN PASSWORD 'owner-trial-password';
CREATE ROLE mcp_app LOGIN PASSWORD 'app-trial-password';

DO $roles$
BEGIN
  EXECUTE format('ALTER DATABASE %I OWNER TO mcp_owner', current_database());
  EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO mcp_app', current_database());
END
$roles$;

-- Postgres 15: the public schema belongs to pg_database_owner (now mcp_owner) and PUBLIC may
-- not create in it; said again here so the app role cannot create tables on older servers.
ALTER SCHEMA public OWNER TO mcp_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
