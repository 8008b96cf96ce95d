The man page and the shell completions, generated at build time by retort_docgen from the
description `--help` is printed from (docs/install.md): every command has its own man section,
and the completions offer the commands, options and option values --help lists.

  $ doc=$(dirname "$(command -v retort)")/doc
  $ grep '^\.SH' "$doc/retort.1"
  .SH NAME
  .SH SYNOPSIS
  .SH DESCRIPTION
  .SH GLOBAL OPTIONS
  .SH "RETORT INIT"
  .SH "RETORT REVISION"
  .SH "RETORT MERGE"
  .SH "RETORT HEADS"
  .SH "RETORT BRANCHES"
  .SH "RETORT SHOW"
  .SH "RETORT HISTORY"
  .SH "RETORT GRAPH"
  .SH "RETORT UPGRADE"
  .SH "RETORT DOWNGRADE"
  .SH "RETORT CURRENT"
  .SH "RETORT STAMP"
  .SH "RETORT VERIFY"
  .SH "RETORT LINT"
  .SH "RETORT CHECK"
  .SH "RETORT TEST"
  .SH "RETORT SQL-SCHEMA"
  .SH "RETORT IMPORT ALEMBIC"
  .SH ENVIRONMENT
  .SH EXIT STATUS
  .SH SEE ALSO

Every option of every command's --help is in its man section (where roff spells - as \-).

  $ for c in init revision merge heads branches show history graph upgrade downgrade current stamp verify lint check test sql-schema; do
  >   for o in $(retort $c --help | grep -oE '^ +(-[a-z],)?--[a-z-]+' | grep -oE -- '--[a-z-]+' | grep -v -- '--help'); do
  >     sed -n "/^\.SH \"RETORT $(echo $c | tr a-z A-Z)\"/,/^\.SH/p" "$doc/retort.1" | grep -qF -- "$(echo "$o" | sed 's/-/\\-/g')" || echo "$c $o missing"
  >   done
  > done

bash: commands, a command's options, and the values of an option with a fixed set.

  $ source "$doc/retort.bash"
  $ comp() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _retort; echo "${COMPREPLY[*]}"; }
  $ comp retort up
  upgrade
  $ comp retort upgrade --tr
  --transaction
  $ comp retort upgrade --transaction ""
  per-revision all
  $ comp retort --url sqlite:///x.db graph --format m
  mermaid
  $ comp retort import ""
  alembic -c --config --url --json -q --quiet --no-color -v --verbose --help
  $ comp retort import alembic --dialect-hint ""
  
  $ comp retort history -
  -r --rev-range -i --indicate-current -v --verbose --graph -c --config --url --json -q --quiet --no-color --help

fish: the same, asked of fish itself.

  $ fish -c "source $doc/retort.fish; complete -C 'retort upg'; complete -C 'retort upgrade --transaction '; complete -C 'retort import al'" | cut -c1-40
  upgrade\tApply revisions up to TARGET (esc)
  all\tper-revision: each revision in its o (esc)
  per-revision\tper-revision: each revision (esc)
  alembic\tWrite one retort revision per Al (esc)

zsh reads its file without a syntax error.

  $ zsh -n "$doc/_retort"
