// `retort import alembic` (docs/alembic-import.md): the shop fixture (tests/importer/fixtures/
// shop, Alembic scripts written for these tests) imported with its identity intact; statements
// that cannot be translated become failing placeholders with their line; and the differential
// oracle: the fixture applied by Debian's Alembic 1.8 and by retort after import, on SQLite and
// PostgreSQL, gives the same schema and version rows at every revision, up and down.
#include "importer/alembic_import.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "base/error.hpp"
#include "ops/load_revision.hpp"
#include "support/alembic_env.hpp"
#include "support/pg_env.hpp"
#include "support/process.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

namespace fs = std::filesystem;

const std::string kShop = std::string(RETORT_SOURCE_DIR) + "/tests/importer/fixtures/shop";
const std::string kPgFeatures =
    std::string(RETORT_SOURCE_DIR) + "/tests/importer/fixtures/pgfeatures";

importer::ImportResult import_into(const std::string& source, const std::string& into,
                                   bool force = false) {
  importer::ImportOptions o;
  o.source = source;
  o.into = into;
  o.force = force;
  o.python = testing::kSystemPython;
  return importer::import_alembic(o);
}

const Revision* find(const std::vector<Revision>& revs, const std::string& id) {
  for (const Revision& r : revs)
    if (r.id == id) return &r;
  return nullptr;
}

TEST(AlembicImport, ShopFixtureConvertsWithItsIdentityIntact) {
  testing::ProjectDir dir;
  importer::ImportResult r = import_into(kShop, dir.file("out"));
  ASSERT_EQ(r.files.size(), 9u);
  for (const auto& f : r.files)
    EXPECT_TRUE(f.review.empty()) << f.source << ": " << f.review[0].reason;
  EXPECT_EQ(r.layout.version_table, "alembic_version");  // from env.py's context.configure

  std::vector<Revision> revs = load_revisions({dir.file("out")});
  ASSERT_EQ(revs.size(), 9u);
  const Revision* root = find(revs, "1a0c5e7d2b01");
  ASSERT_TRUE(root);
  EXPECT_TRUE(root->down_revisions.empty());
  EXPECT_EQ(root->message, "create accounts and users");
  EXPECT_EQ(root->created, "2024-01-05 10:00:00.000000");
  const Revision* audit = find(revs, "6f1c3d7a8b06");
  ASSERT_TRUE(audit);
  EXPECT_EQ(audit->down_revisions, std::vector<std::string>{"4d9a1b5e6f04"});
  EXPECT_EQ(audit->branch_labels, std::vector<std::string>{"audit"});
  EXPECT_EQ(audit->depends_on, std::vector<std::string>{"3c8f0a4d5e03"});
  const Revision* merge = find(revs, "7a2d4e8b9c07");
  ASSERT_TRUE(merge);
  EXPECT_EQ(merge->down_revisions, (std::vector<std::string>{"5e0b2c6f7a05", "6f1c3d7a8b06"}));
  EXPECT_TRUE(merge->upgrade.empty());
  // get_context().autocommit_block() makes the revision non-transactional (the index is built
  // CONCURRENTLY on PostgreSQL).
  const Revision* guards = find(revs, "8b3e5f9c0d08");
  ASSERT_TRUE(guards);
  EXPECT_FALSE(guards->transactional);
  // The inspector checks became if_not_exists flags.
  ASSERT_FALSE(guards->upgrade.empty());
  ASSERT_TRUE(std::holds_alternative<CreateTable>(guards->upgrade[0].body));
  EXPECT_TRUE(std::get<CreateTable>(guards->upgrade[0].body).if_not_exists);
  // drop_constraint without type_ takes the type from the script that created the constraint.
  const Revision* renames = find(revs, "4d9a1b5e6f04");
  ASSERT_TRUE(renames);
  bool saw_unique_drop = false;
  for (const Op& op : renames->downgrade)
    if (auto* d = std::get_if<DropConstraint>(&op.body))
      saw_unique_drop = d->name == "uq_users_phone" && d->type == ConstraintType::unique;
  EXPECT_TRUE(saw_unique_drop);
}

TEST(AlembicImport, UntranslatableStatementsBecomeFailingPlaceholdersWithTheirLines) {
  testing::ProjectDir dir;
  dir.write("alembic/versions/0001_mixed.py", R"PY("""mixed

Revision ID: 0001
"""
from alembic import op
import sqlalchemy as sa
from myapp.models import Status

revision = "0001"
down_revision = None


def upgrade():
    op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True))
    op.add_column("t", sa.Column("s", Status(), nullable=True))
    op.create_index("ix_t_s", "t", ["s"], postgresql_nulls_not_distinct=True)
    op.add_column("t", sa.Column("big", sa.String(99999999999999999999)))
    try:
        op.drop_table("old")
    except Exception:
        pass
    op.execute("UPDATE t SET s = 1")


def downgrade():
    op.drop_table("t")
)PY");
  importer::ImportResult r = import_into(dir.file("alembic/versions"), dir.file("out"));
  ASSERT_EQ(r.files.size(), 1u);
  const auto& review = r.files[0].review;
  ASSERT_EQ(review.size(), 4u);
  EXPECT_EQ(review[0].line, 15);
  EXPECT_NE(review[0].reason.find("myapp.models.Status"), std::string::npos) << review[0].reason;
  EXPECT_EQ(review[1].line, 16);
  EXPECT_NE(review[1].reason.find("postgresql_nulls_not_distinct"), std::string::npos);
  // A literal too large for retort is a reason, not a crash.
  EXPECT_EQ(review[2].line, 17);
  EXPECT_NE(review[2].reason.find("out of range"), std::string::npos) << review[2].reason;
  EXPECT_EQ(review[3].line, 18);
  EXPECT_NE(review[3].reason.find("try"), std::string::npos);

  Revision rev = load_revision_file(dir.file("out/0001_mixed.yaml"));
  ASSERT_EQ(rev.upgrade.size(), 6u);
  EXPECT_TRUE(std::holds_alternative<CreateTable>(rev.upgrade[0].body));
  for (size_t i : {1u, 2u, 3u, 4u}) {
    ASSERT_TRUE(std::holds_alternative<Assert>(rev.upgrade[i].body)) << i;
    EXPECT_EQ(*std::get<Assert>(rev.upgrade[i].body).sql.common, "SELECT 1 = 0");
  }
  EXPECT_TRUE(std::holds_alternative<Execute>(rev.upgrade[5].body));
  // The Python of each placeholder is kept above it as a comment.
  std::string text = testing::read_text_file(dir.file("out/0001_mixed.yaml"));
  EXPECT_NE(text.find("  #   try:\n  #       op.drop_table(\"old\")\n"), std::string::npos) << text;
}

// The PostgreSQL options of indexes, unique constraints, foreign keys and checks, and identity
// and computed columns, translate to the op fields of the same meaning (SQLAlchemy 2.0's
// postgresql_nulls_not_distinct too, which Debian's SQLAlchemy 1.4 does not know): options
// SQLAlchemy applies on PostgreSQL only give one op per database.
TEST(AlembicImport, PostgresqlIndexConstraintAndColumnOptions) {
  testing::ProjectDir dir;
  dir.write("alembic/versions/0001_features.py", R"PY("""features

Revision ID: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None


def upgrade():
    op.create_table(
        "t",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=True, start=10, increment=5),
                  primary_key=True),
        sa.Column("a", sa.Integer(), nullable=True),
        sa.Column("b", sa.Text(), nullable=True),
        sa.Column("c", sa.Integer(), sa.Computed("a * 2")),
        sa.UniqueConstraint("a", "b", name="uq_t_ab", postgresql_nulls_not_distinct=True),
        sa.Index("ix_t_b", "b", postgresql_ops={"b": "text_pattern_ops"},
                 postgresql_include=["a"]),
    )
    op.create_index("ix_t_a", "t", ["a", "b"], unique=True,
                    postgresql_ops={"b": "text_pattern_ops"}, postgresql_include=["c"],
                    postgresql_nulls_not_distinct=True)
    op.create_unique_constraint("uq_t_b", "t", ["b"], postgresql_nulls_not_distinct=True)
    op.create_foreign_key("fk_t_self", "t", "t", ["a"], ["id"], postgresql_not_valid=True)
    op.create_check_constraint("ck_t_a", "t", "a > 0", postgresql_not_valid=True)
    op.execute("ALTER TABLE t VALIDATE CONSTRAINT ck_t_a")
    op.add_column("t", sa.Column("d", sa.Integer(), sa.Identity()))


def downgrade():
    op.drop_table("t")
)PY");
  importer::ImportResult r = import_into(dir.file("alembic/versions"), dir.file("out"));
  ASSERT_EQ(r.files.size(), 1u);
  for (const auto& f : r.files[0].review) ADD_FAILURE() << f.line << ": " << f.reason;
  Revision rev = load_revision_file(dir.file("out/0001_features.yaml"));
  ASSERT_EQ(rev.upgrade.size(), 11u);
  const TableSpec& t = std::get<CreateTable>(rev.upgrade[0].body).table;
  const ColumnSpec* id = t.find_column("id");
  EXPECT_EQ(id->identity, (IdentitySpec{true, 10, 5}));
  EXPECT_FALSE(id->autoincrement);
  ASSERT_TRUE(t.find_column("c")->generated);
  EXPECT_EQ(*t.find_column("c")->generated->expression.common, "a * 2");
  EXPECT_TRUE(t.find_column("c")->generated->stored);
  EXPECT_TRUE(t.unique.empty());  // added after the table, per database
  ASSERT_EQ(t.indexes.size(), 1u);
  EXPECT_EQ(t.indexes[0].columns[0].opclass, "text_pattern_ops");
  EXPECT_EQ(t.indexes[0].include, (std::vector<std::string>{"a"}));
  const auto& uq_pg = std::get<CreateUniqueConstraint>(rev.upgrade[1].body);
  EXPECT_EQ(rev.upgrade[1].dialects, (std::vector<Dialect>{Dialect::postgresql}));
  EXPECT_TRUE(uq_pg.unique.nulls_not_distinct);
  EXPECT_EQ(uq_pg.unique.columns, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(rev.upgrade[2].dialects, (std::vector<Dialect>{Dialect::sqlite}));
  EXPECT_FALSE(std::get<CreateUniqueConstraint>(rev.upgrade[2].body).unique.nulls_not_distinct);
  const auto& ix_pg = std::get<CreateIndex>(rev.upgrade[3].body).index;
  EXPECT_EQ(rev.upgrade[3].dialects, (std::vector<Dialect>{Dialect::postgresql}));
  EXPECT_EQ(ix_pg.columns[1].opclass, "text_pattern_ops");
  EXPECT_EQ(ix_pg.include, (std::vector<std::string>{"c"}));
  EXPECT_TRUE(ix_pg.nulls_not_distinct);
  const auto& ix_lite = std::get<CreateIndex>(rev.upgrade[4].body).index;
  EXPECT_TRUE(ix_lite.include.empty());
  EXPECT_FALSE(ix_lite.nulls_not_distinct);
  EXPECT_TRUE(std::get<CreateUniqueConstraint>(rev.upgrade[5].body).unique.nulls_not_distinct);
  EXPECT_TRUE(std::get<CreateForeignKey>(rev.upgrade[7].body).fk.not_valid);
  EXPECT_TRUE(std::get<CreateCheckConstraint>(rev.upgrade[8].body).check.not_valid);
  EXPECT_EQ(*std::get<Execute>(rev.upgrade[9].body).sql.common,
            "ALTER TABLE t VALIDATE CONSTRAINT ck_t_a");
  const ColumnSpec& d = std::get<AddColumn>(rev.upgrade[10].body).column;
  EXPECT_EQ(d.identity, (IdentitySpec{false, std::nullopt, std::nullopt}));
  EXPECT_FALSE(d.nullable);
}

// An ARRAY's item type is written by the PostgreSQL dialect itself (quoting included).
TEST(AlembicImport, ArrayItemTypesAreTheDialectsRendering) {
  testing::ProjectDir dir;
  dir.write("alembic/versions/0001_arrays.py", R"PY("""arrays

Revision ID: 0001
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None


def upgrade():
    op.create_table(
        "t",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("times", postgresql.ARRAY(sa.Time())),
        sa.Column("moods", postgresql.ARRAY(postgresql.ENUM("a", "b", name='we"ird', create_type=False))),
    )


def downgrade():
    op.drop_table("t")
)PY");
  importer::ImportResult r = import_into(dir.file("alembic/versions"), dir.file("out"));
  ASSERT_EQ(r.files.size(), 1u);
  for (const auto& f : r.files[0].review) ADD_FAILURE() << f.line << ": " << f.reason;
  Revision rev = load_revision_file(dir.file("out/0001_arrays.yaml"));
  const TableSpec& t = std::get<CreateTable>(rev.upgrade[0].body).table;
  EXPECT_EQ(*t.find_column("times")->type.custom_sql.for_dialect(Dialect::postgresql), "TIME[]");
  EXPECT_EQ(*t.find_column("moods")->type.custom_sql.for_dialect(Dialect::postgresql),
            "\"we\"\"ird\"[]");
}

// op.create_table_comment / op.drop_table_comment (also in a batch block) are set_table_comment.
TEST(AlembicImport, TableCommentsAreSetTableComment) {
  testing::ProjectDir dir;
  dir.write("alembic/versions/0001_comments.py", R"PY("""comments

Revision ID: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None


def upgrade():
    op.create_table_comment("t", "it's t", existing_comment=None, schema="s")
    with op.batch_alter_table("u") as batch_op:
        batch_op.create_table_comment("u's")


def downgrade():
    with op.batch_alter_table("u") as batch_op:
        batch_op.drop_table_comment(existing_comment="u's")
    op.drop_table_comment("t", schema="s")
)PY");
  importer::ImportResult r = import_into(dir.file("alembic/versions"), dir.file("out"));
  ASSERT_EQ(r.files.size(), 1u);
  for (const auto& f : r.files[0].review) ADD_FAILURE() << f.line << ": " << f.reason;
  Revision rev = load_revision_file(dir.file("out/0001_comments.yaml"));
  ASSERT_EQ(rev.upgrade.size(), 2u);
  ASSERT_EQ(rev.downgrade.size(), 2u);
  const auto& t = std::get<SetTableComment>(rev.upgrade[0].body);
  EXPECT_EQ(t.table, "s.t");
  EXPECT_EQ(t.comment, "it's t");
  const auto& u = std::get<SetTableComment>(rev.upgrade[1].body);
  EXPECT_EQ(u.table, "u");
  EXPECT_EQ(u.comment, "u's");
  EXPECT_EQ(std::get<SetTableComment>(rev.downgrade[0].body).table, "u");
  EXPECT_EQ(std::get<SetTableComment>(rev.downgrade[0].body).comment, std::nullopt);
  EXPECT_EQ(std::get<SetTableComment>(rev.downgrade[1].body).table, "s.t");
  EXPECT_EQ(std::get<SetTableComment>(rev.downgrade[1].body).comment, std::nullopt);
}

// Found on real histories: Flask-Migrate's alembic.ini has no script_location (it is the
// ini's own directory), batch_op.f() names objects inside batch blocks, and downgrades loop
// over reversed() of a literal list.
TEST(AlembicImport, FlaskMigrateLayoutBatchOpFAndReversedLoops) {
  testing::ProjectDir dir;
  dir.write("migrations/alembic.ini", "[alembic]\n# template used to generate migration files\n");
  dir.write("migrations/env.py", "from alembic import context\n");
  dir.write("migrations/versions/0001_users.py", R"PY("""users

Revision ID: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None

COLUMNS = ["a", "b"]


def upgrade():
    op.create_table("user", sa.Column("id", sa.Integer(), nullable=False),
                    sa.PrimaryKeyConstraint("id"))
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_id"), ["id"], unique=False)
    for c in COLUMNS:
        op.add_column("user", sa.Column(c, sa.Text()))


def downgrade():
    for c in reversed(COLUMNS):
        op.drop_column("user", c)
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_id"))
    op.drop_table("user")
)PY");
  importer::ImportResult r = import_into(dir.file("migrations"), dir.file("out"));
  ASSERT_EQ(r.files.size(), 1u);
  EXPECT_TRUE(r.files[0].review.empty()) << r.files[0].review[0].reason;
  Revision rev = load_revision_file(dir.file("out/0001_users.yaml"));
  ASSERT_EQ(rev.upgrade.size(), 4u);
  const auto& ix = std::get<CreateIndex>(rev.upgrade[1].body);
  EXPECT_EQ(ix.index.name, "ix_user_id");
  EXPECT_EQ(ix.table, "user");
  ASSERT_EQ(rev.downgrade.size(), 4u);
  EXPECT_EQ(std::get<DropColumn>(rev.downgrade[0].body).column, "b");
  EXPECT_EQ(std::get<DropColumn>(rev.downgrade[1].body).column, "a");
  EXPECT_EQ(std::get<DropIndex>(rev.downgrade[2].body).table, "user");
}

TEST(AlembicImport, SyntaxErrorNamesFileLineAndWritesNothing) {
  testing::ProjectDir dir;
  dir.write("v/0001_ok.py",
            "revision = '0001'\ndown_revision = None\ndef upgrade():\n    pass\n"
            "def downgrade():\n    pass\n");
  dir.write("v/0002_bad.py", "revision = '0002'\ndown_revision = '0001'\ndef upgrade(:\n");
  try {
    import_into(dir.file("v"), dir.file("out"));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input);
    EXPECT_NE(std::string(e.what()).find("0002_bad.py:3:13: Python cannot parse this script"),
              std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(fs::exists(dir.file("out")));
}

TEST(AlembicImport, RefusesToOverwriteUnlessForced) {
  testing::ProjectDir dir;
  import_into(kShop, dir.file("out"));
  std::string first = dir.file("out/5e0b2c6f7a05_orders.yaml");
  dir.write("out/5e0b2c6f7a05_orders.yaml", "edited by hand\n");
  EXPECT_THROW(import_into(kShop, dir.file("out")), Error);
  EXPECT_EQ(testing::read_text_file(first), "edited by hand\n");
  import_into(kShop, dir.file("out"), /*force=*/true);
  EXPECT_NE(testing::read_text_file(first), "edited by hand\n");
}

// The oracle: scripts/alembic_differential.py runs Alembic and retort side by side.
class AlembicDifferential : public ::testing::TestWithParam<Dialect> {};

TEST_P(AlembicDifferential, ShopFixtureMatchesAlembicAtEveryRevisionUpAndDown) {
  const bool pg = GetParam() == Dialect::postgresql;
  testing::require_alembic(pg);
  std::vector<std::string> argv{testing::kSystemPython,
                                std::string(RETORT_SOURCE_DIR) + "/scripts/alembic_differential.py",
                                kShop, "--retort", testing::retort_binary()};
  if (pg) {
    argv.insert(argv.end(), {"--pg-url", testing::pg_test_url(), "--no-sqlite"});
  } else {
    argv.insert(argv.end(), {"--pg-url", ""});
  }
  testing::ProcessOptions o;
  o.timeout = std::chrono::minutes(10);
  testing::ProcessResult r = testing::run_process(argv, o);
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  // Nine upgrades, then down through every state with one head (five) and base.
  const std::string expected = pg ? "postgresql: 17 of 17 steps identical\n"
                                  : "sqlite: 17 of 17 steps identical (up to the known "
                                    "differences enum-check, integer-pk-notnull)\n";
  EXPECT_NE(r.out.find(expected), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("9 scripts, 9 converted, 0 need review"), std::string::npos) << r.out;
}

// The PostgreSQL options fixture (postgresql_ops, postgresql_include, postgresql_not_valid,
// sa.Identity, sa.Computed, a VALIDATE CONSTRAINT execute) against Alembic on PostgreSQL.
TEST(AlembicDifferentialPg, PgFeaturesFixtureMatchesAlembicAtEveryRevisionUpAndDown) {
  testing::require_alembic(true);
  std::vector<std::string> argv{testing::kSystemPython,
                                std::string(RETORT_SOURCE_DIR) + "/scripts/alembic_differential.py",
                                kPgFeatures,
                                "--retort",
                                testing::retort_binary(),
                                "--pg-url",
                                testing::pg_test_url(),
                                "--no-sqlite"};
  testing::ProcessOptions o;
  o.timeout = std::chrono::minutes(10);
  testing::ProcessResult r = testing::run_process(argv, o);
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  // Two upgrades, then down through every state to base.
  EXPECT_NE(r.out.find("postgresql: 4 of 4 steps identical\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2 scripts, 2 converted, 0 need review"), std::string::npos) << r.out;
}

INSTANTIATE_TEST_SUITE_P(Dialects, AlembicDifferential,
                         ::testing::Values(Dialect::sqlite, Dialect::postgresql),
                         [](const ::testing::TestParamInfo<Dialect>& p) {
                           return p.param == Dialect::sqlite ? std::string("sqlite")
                                                             : std::string("postgresql");
                         });

}  // namespace
}  // namespace retort
