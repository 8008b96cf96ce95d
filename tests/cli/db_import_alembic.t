A database Alembic migrated part way continues under retort after `retort import alembic`,
with no stamp: the imported revisions keep Alembic's ids (docs/alembic-import.md).

  $ . "$TESTDIR/lib.sh"
  $ fresh_db
  $ cp -r "$TESTDIR/../importer/fixtures/shop" shop
  $ retort import alembic shop -q
  $ SHOP_DATABASE_URL=$DATABASE_URL /usr/bin/python3 -m alembic -c shop/alembic.ini upgrade 5e0b2c6f7a05 2>/dev/null
  $ retort current
  5e0b2c6f7a05
  $ retort upgrade heads | grep Running
  Running upgrade 4d9a1b5e6f04 -> 6f1c3d7a8b06, audit log
  Running upgrade 5e0b2c6f7a05, 6f1c3d7a8b06 -> 7a2d4e8b9c07, merge orders and audit
  Running upgrade 7a2d4e8b9c07 -> 8b3e5f9c0d08, guards and a concurrent index
  Running upgrade 8b3e5f9c0d08 -> 9c4f6a0d1e09, constraints after the fact
  $ SHOP_DATABASE_URL=$DATABASE_URL /usr/bin/python3 -m alembic -c shop/alembic.ini current 2>/dev/null
  9c4f6a0d1e09 (head)
  $ sql "SELECT count(*) FROM accounts"
  2
