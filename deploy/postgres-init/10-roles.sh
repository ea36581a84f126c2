#!/bin/sh
# Run once by the postgres image when its data volume is new (mounted into
# /docker-entrypoint-initdb.d by docker-compose.yml). Two roles besides the
# superuser, neither of them a superuser:
#
#   socialgov      owns the database, its schema and every table: it runs the
#                  migrations (compose's one-shot `migrate` service) and nothing else.
#   socialgov_app  what web, worker and scheduler connect as: it reads and writes
#                  rows (SELECT, INSERT, UPDATE, DELETE) and owns nothing, so it can
#                  neither drop nor disable the audit table's append-only trigger,
#                  nor TRUNCATE a table (migration audit 0006_append_only).
#
# With an existing volume, run it by hand once:
#   docker compose exec -e SOCIALGOV_OWNER_PASSWORD=... -e SOCIALGOV_APP_PASSWORD=... \
#       db sh /docker-entrypoint-initdb.d/10-roles.sh
# then give the owner the tables made before: REASSIGN OWNED BY <old owner> TO socialgov;
# and GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO socialgov_app;
# GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO socialgov_app;
# A volume made before this script had socialgov as its superuser: there, create a
# superuser postgres first, then take superuser away from socialgov
# (ALTER ROLE socialgov NOSUPERUSER NOCREATEDB NOCREATEROLE) and skip its CREATE ROLE.
set -eu

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v owner_password="$SOCIALGOV_OWNER_PASSWORD" -v app_password="$SOCIALGOV_APP_PASSWORD" <<'SQL'
CREATE ROLE socialgov LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';
CREATE ROLE socialgov_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT
    PASSWORD :'app_password';
ALTER DATABASE :"DBNAME" OWNER TO socialgov;
ALTER SCHEMA public OWNER TO socialgov;
REVOKE ALL ON DATABASE :"DBNAME" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"DBNAME" TO socialgov_app;
GRANT USAGE ON SCHEMA public TO socialgov_app;
-- Every table and sequence the migrations make from now on.
ALTER DEFAULT PRIVILEGES FOR ROLE socialgov IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO socialgov_app;
ALTER DEFAULT PRIVILEGES FOR ROLE socialgov IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO socialgov_app;
SQL
