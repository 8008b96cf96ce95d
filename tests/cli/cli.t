The command line itself: --version, --help on the program and on every command, usage errors
(exit 2), and global options accepted before or after the command name.

  $ . "$TESTDIR/lib.sh"

  $ retort --version
  retort 0\.1\.0 \(commit [0-9a-f]+(-modified)?, [A-Za-z]+ build\) (re)

  $ retort --help
  retort: database schema migrations (Alembic's workflow, one native binary)
  Usage: retort [OPTIONS] SUBCOMMAND
  
  Options:
    -h,--help                   Print this help message and exit
    --version                   Display program version information and exit
    -c,--config TEXT            Configuration file (default ./retort.toml)
    --url TEXT                  Database URL (overrides the environment and the file)
    --json                      Machine-readable output: one JSON object on stdout
    -q,--quiet                  Print only errors
    --no-color                  Never color the output
    -v,--verbose                More detail
  
  Subcommands:
    init                        Write retort.toml, migrations/versions/ and models/
    revision                    Write a new revision file and print its path
    merge                       Write a merge revision joining several heads
    heads                       Show the heads of the revision graph
    branches                    Show the branch points
    show                        Show a revision
    history                     List revisions, newest first
    graph                       Print the revision graph as dot or mermaid source
    upgrade                     Apply revisions up to TARGET
    downgrade                   Undo revisions down to TARGET
    current                     Show the database's current revisions
    stamp                       Set the version table without running migrations
    verify                      Compare checksums of applied revisions with the files
    lint                        Report risky ops and SQL (the rules of docs/lint.md)
    check                       Compare the model with the database
    test                        On a scratch database: upgrade one revision at a time, downgrade and upgrade it again, compare schemas
    sql-schema                  Print the database's schema as a YAML model
    import                      Import another tool's migrations
  

Every command has --help, which names the global options too.

  $ retort upgrade --help
  Apply revisions up to TARGET
  Usage: retort upgrade [OPTIONS] TARGET
  
  Positionals:
    TARGET TEXT REQUIRED        e.g. head, heads, +1, 042, LABEL@head
  
  Options:
    -h,--help                   Print this help message and exit
    --sql                       Print the SQL instead of running it; TARGET may be FROM:TO
    --dry-run                   Show the steps without changing anything
    --wait-for-db FLOAT         Retry connecting for up to SECONDS while the database starts
    --lock-timeout FLOAT        Seconds to wait for another migration to finish (PostgreSQL)
    --transaction TEXT:{per-revision,all}
                                per-revision: each revision in its own transaction; all: the whole run in one (default: [migrations] transaction, else per-revision)
    --all-targets               Run on every target of [[targets]] (docs/multi-tenant.md)
    --target TEXT ...           Run on this target: a [[targets]] name (all its databases) or one of them, e.g. tenants/tenant_042 (repeatable)
    --parallel TEXT             Targets run at once with --all-targets/--target (1)
    --canary TEXT               Run the first N targets first; stop if any of them fails
    --max-failures TEXT         Start no new target after K failures (0: no limit)
    --resume                    Rerun only the targets that failed or were not reached in the last fleet run
  
  Global options (before or after the command): -c/--config FILE, --url URL, --json,
  -q/--quiet, -v/--verbose, --no-color. See retort --help.
  $ retort downgrade --help
  Undo revisions down to TARGET
  Usage: retort downgrade [OPTIONS] TARGET
  
  Positionals:
    TARGET TEXT REQUIRED        e.g. -1, base, 041, LABEL@base
  
  Options:
    -h,--help                   Print this help message and exit
    --sql                       Print the SQL instead of running it; TARGET must be FROM:TO
    --dry-run                   Show the steps without changing anything
    --lock-timeout FLOAT        Seconds to wait for another migration to finish (PostgreSQL)
    --transaction TEXT:{per-revision,all}
                                per-revision: each revision in its own transaction; all: the whole run in one (default: [migrations] transaction, else per-revision)
    --all-targets               Run on every target of [[targets]] (docs/multi-tenant.md)
    --target TEXT ...           Run on this target: a [[targets]] name (all its databases) or one of them, e.g. tenants/tenant_042 (repeatable)
    --parallel TEXT             Targets run at once with --all-targets/--target (1)
    --canary TEXT               Run the first N targets first; stop if any of them fails
    --max-failures TEXT         Start no new target after K failures (0: no limit)
    --resume                    Rerun only the targets that failed or were not reached in the last fleet run
  
  Global options (before or after the command): -c/--config FILE, --url URL, --json,
  -q/--quiet, -v/--verbose, --no-color. See retort --help.
  $ retort stamp --help
  Set the version table without running migrations
  Usage: retort stamp [OPTIONS] REVISIONS...
  
  Positionals:
    REVISIONS TEXT ... REQUIRED Target revisions
  
  Options:
    -h,--help                   Print this help message and exit
    --purge                     Empty the version table first (also clears ghost revisions)
    --sql                       Print the SQL instead of running it
    --all-targets               Run on every target of [[targets]] (docs/multi-tenant.md)
    --target TEXT ...           Run on this target: a [[targets]] name (all its databases) or one of them, e.g. tenants/tenant_042 (repeatable)
    --parallel TEXT             Targets run at once with --all-targets/--target (1)
    --canary TEXT               Run the first N targets first; stop if any of them fails
    --max-failures TEXT         Start no new target after K failures (0: no limit)
    --resume                    Rerun only the targets that failed or were not reached in the last fleet run
  
  Global options (before or after the command): -c/--config FILE, --url URL, --json,
  -q/--quiet, -v/--verbose, --no-color. See retort --help.
  $ retort revision --help
  Write a new revision file and print its path
  Usage: retort revision [OPTIONS]
  
  Options:
    -h,--help                   Print this help message and exit
    -m,--message TEXT REQUIRED  The revision's message
    --autogenerate              Fill the revision from the model's difference
    --empty                     Write the file even when autogenerate finds no difference
    --allow-empty-model         With --autogenerate: accept a model with no tables (drop every table)
    --rev-id TEXT               Use this id instead of the next one
    --head TEXT                 The revision to base the new one on (default: head)
    --splice                    Allow --head to name a revision that is not a head
    --branch-label TEXT         A branch label for the new revision
    --depends-on TEXT ...       Revisions the new one depends on
  
  Global options (before or after the command): -c/--config FILE, --url URL, --json,
  -q/--quiet, -v/--verbose, --no-color. See retort --help.
  $ retort merge --help
  Write a merge revision joining several heads
  Usage: retort merge [OPTIONS] REVISIONS...
  
  Positionals:
    REVISIONS TEXT ... REQUIRED Revisions to merge, or 'heads'
  
  Options:
    -h,--help                   Print this help message and exit
    -m,--message TEXT REQUIRED  The merge revision's message
    --rev-id TEXT               Use this id instead of the next one
    --branch-label TEXT         A branch label for the merge revision
  
  Global options (before or after the command): -c/--config FILE, --url URL, --json,
  -q/--quiet, -v/--verbose, --no-color. See retort --help.
  $ retort history --help
  List revisions, newest first
  Usage: retort history [OPTIONS]
  
  Options:
    -h,--help                   Print this help message and exit
    -r,--rev-range TEXT         [START]:[END]
    -i,--indicate-current       Mark the database's revisions
    -v,--verbose                Show every detail
    --graph                     Draw branches and merges like git log --graph
  
  Global options (before or after the command): -c/--config FILE, --url URL, --json,
  -q/--quiet, -v/--verbose, --no-color. See retort --help.
  $ retort current --help
  Show the database's current revisions
  Usage: retort current [OPTIONS]
  
  Options:
    -h,--help                   Print this help message and exit
    -v,--verbose                Show every detail
    --all-targets               Run on every target of [[targets]] (docs/multi-tenant.md)
    --target TEXT ...           Run on this target: a [[targets]] name (all its databases) or one of them, e.g. tenants/tenant_042 (repeatable)
    --parallel TEXT             Targets run at once with --all-targets/--target (1)
    --canary TEXT               Run the first N targets first; stop if any of them fails
    --max-failures TEXT         Start no new target after K failures (0: no limit)
  
  Global options (before or after the command): -c/--config FILE, --url URL, --json,
  -q/--quiet, -v/--verbose, --no-color. See retort --help.
  $ retort heads --help
  Show the heads of the revision graph
  Usage: retort heads [OPTIONS]
  
  Options:
    -h,--help                   Print this help message and exit
    -v,--verbose                Show every detail of each head
  
  Global options (before or after the command): -c/--config FILE, --url URL, --json,
  -q/--quiet, -v/--verbose, --no-color. See retort --help.
  $ retort branches --help
  Show the branch points
  Usage: retort branches [OPTIONS]
  
  Options:
    -h,--help                   Print this help message and exit
    -v,--verbose                Show every detail
  
  Global options (before or after the command): -c/--config FILE, --url URL, --json,
  -q/--quiet, -v/--verbose, --no-color. See retort --help.
  $ retort show --help
  Show a revision
  Usage: retort show [OPTIONS] REV
  
  Positionals:
    REV TEXT REQUIRED           A revision identifier, or 'current'
  
  Options:
    -h,--help                   Print this help message and exit
  
  Global options (before or after the command): -c/--config FILE, --url URL, --json,
  -q/--quiet, -v/--verbose, --no-color. See retort --help.
  $ retort graph --help
  Print the revision graph as dot or mermaid source
  Usage: retort graph [OPTIONS]
  
  Options:
    -h,--help                   Print this help message and exit
    --format TEXT:{dot,mermaid} dot or mermaid
  
  Global options (before or after the command): -c/--config FILE, --url URL, --json,
  -q/--quiet, -v/--verbose, --no-color. See retort --help.
  $ retort init --help
  Write retort.toml, migrations/versions/ and models/
  Usage: retort init [OPTIONS] [DIR]
  
  Positionals:
    DIR TEXT                    Directory to initialise (default: the current directory)
  
  Options:
    -h,--help                   Print this help message and exit
  
  Global options (before or after the command): -c/--config FILE, --url URL, --json,
  -q/--quiet, -v/--verbose, --no-color. See retort --help.
  $ retort verify --help
  Compare checksums of applied revisions with the files
  Usage: retort verify [OPTIONS]
  
  Options:
    -h,--help                   Print this help message and exit
    --all-targets               Run on every target of [[targets]] (docs/multi-tenant.md)
    --target TEXT ...           Run on this target: a [[targets]] name (all its databases) or one of them, e.g. tenants/tenant_042 (repeatable)
    --parallel TEXT             Targets run at once with --all-targets/--target (1)
    --canary TEXT               Run the first N targets first; stop if any of them fails
    --max-failures TEXT         Start no new target after K failures (0: no limit)
  
  Global options (before or after the command): -c/--config FILE, --url URL, --json,
  -q/--quiet, -v/--verbose, --no-color. See retort --help.
  $ retort lint --help
  Report risky ops and SQL (the rules of docs/lint.md)
  Usage: retort lint [OPTIONS] [REVISIONS...]
  
  Positionals:
    REVISIONS TEXT ...          Revisions to lint (default: all)
  
  Options:
    -h,--help                   Print this help message and exit
    --ignore TEXT ...           Rule codes not to report (e.g. R108)
    --enable TEXT ...           Opt-in rules to report too (e.g. R127)
    --format TEXT:{text,json,gcc,sarif,github}
                                Output: text, json (= --json), gcc, sarif, github
    --rules                     List every rule: code, severity, recipe
  
  Global options (before or after the command): -c/--config FILE, --url URL, --json,
  -q/--quiet, -v/--verbose, --no-color. See retort --help.
  $ retort check --help
  Compare the model with the database
  Usage: retort check [OPTIONS]
  
  Options:
    -h,--help                   Print this help message and exit
    --scratch                   Compare with a fresh database built by applying every migration
    --allow-empty-model         Compare even when the model declares no tables and the database has some
    --all-targets               Run on every target of [[targets]] (docs/multi-tenant.md)
    --target TEXT ...           Run on this target: a [[targets]] name (all its databases) or one of them, e.g. tenants/tenant_042 (repeatable)
    --parallel TEXT             Targets run at once with --all-targets/--target (1)
    --canary TEXT               Run the first N targets first; stop if any of them fails
    --max-failures TEXT         Start no new target after K failures (0: no limit)
  
  Global options (before or after the command): -c/--config FILE, --url URL, --json,
  -q/--quiet, -v/--verbose, --no-color. See retort --help.
  $ retort test --help
  On a scratch database: upgrade one revision at a time, downgrade and upgrade it again, compare schemas
  Usage: retort test [OPTIONS]
  
  Options:
    -h,--help                   Print this help message and exit
    --keep-going                Report every revision that does not round-trip instead of stopping at the first
  
  Global options (before or after the command): -c/--config FILE, --url URL, --json,
  -q/--quiet, -v/--verbose, --no-color. See retort --help.
  $ retort sql-schema --help
  Print the database's schema as a YAML model
  Usage: retort sql-schema [OPTIONS]
  
  Options:
    -h,--help                   Print this help message and exit
  
  Global options (before or after the command): -c/--config FILE, --url URL, --json,
  -q/--quiet, -v/--verbose, --no-color. See retort --help.

Usage errors exit 2 and say what was wrong.

  $ retort
  error: A subcommand is required
  Run retort --help for the list of commands.
  [2]
  $ retort upgarde head
  error: unknown command 'upgarde' (did you mean 'upgrade'?)
  Run retort --help for the list of commands.
  [2]
  $ retort --url sqlite:///x.db bogus
  error: unknown command 'bogus'
  Run retort --help for the list of commands.
  [2]
  $ retort upgrade
  error: TARGET is required
  Run retort upgrade --help for the options.
  [2]
  $ retort upgrade head extra
  error: unexpected argument: extra
  Run retort upgrade --help for the options.
  [2]

Only the command named is handed to the parser (the start-up cost of the others,
docs/BENCHMARKS.md): another command's name after it is still an argument, and --help before
the command still shows that command's help.

  $ retort upgrade head downgrade
  error: unexpected argument: downgrade
  Run retort upgrade --help for the options.
  [2]
  $ retort --help heads | head -2
  Show the heads of the revision graph
  Usage: retort heads [OPTIONS]
  $ retort revision
  error: --message is required
  Run retort revision --help for the options.
  [2]
  $ retort graph --format png
  error: --format: png not in {dot,mermaid}
  Run retort graph --help for the options.
  [2]
  $ retort upgrade head --lock-timeout soon
  error: --lock-timeout: expected a number of seconds from 0 to 86400, got 'soon'
  Run retort upgrade --help for the options.
  [2]
  $ retort --nonsense heads
  error: unexpected argument: --nonsense
  Run retort heads --help for the options.
  [2]

None of them created anything.

  $ ls -A

Global options go before or after the command name.

  $ retort init -q
  $ rev 001 ""
  $ rev 002 001
  $ retort --json heads
  {
    "heads": [
      {
        "branch_labels": [],
        "down_revisions": [
          "001"
        ],
        "message": "create t_002",
        "revision": "002"
      }
    ]
  }
  $ retort heads --json
  {
    "heads": [
      {
        "branch_labels": [],
        "down_revisions": [
          "001"
        ],
        "message": "create t_002",
        "revision": "002"
      }
    ]
  }
  $ retort -c retort.toml -v heads
  Rev: 002 (head)
  Parent: 001
  Path: migrations/versions/002.yaml
  
      create t_002
  
      Revision ID: 002
      Revises: 001
  
  $ retort heads -c retort.toml -v
  Rev: 002 (head)
  Parent: 001
  Path: migrations/versions/002.yaml
  
      create t_002
  
      Revision ID: 002
      Revises: 001
  
  $ retort -q history
  $ retort history -q
