// libpq, loaded when the first PostgreSQL connection is made rather than at start-up.
//
// Linking libpq makes the dynamic loader map and relocate about twenty more libraries
// (Kerberos, LDAP, SASL, GnuTLS, …) on every run — about 3 ms, more than `retort heads` needs
// for a hundred revisions — although most runs (SQLite, graph commands) never talk to
// PostgreSQL. So retort resolves the few libpq functions it calls from libpq.so.5 on first use.
// The types and constants still come from <libpq-fe.h>.
#pragma once

#include <libpq-fe.h>

namespace retort::pq {

// Every libpq function retort calls. Add a function here before using it through api().
#define RETORT_LIBPQ_FUNCTIONS(X) \
  X(PQbackendPID)                 \
  X(PQcancel)                     \
  X(PQclear)                      \
  X(PQcmdStatus)                  \
  X(PQcmdTuples)                  \
  X(PQconnectdbParams)            \
  X(PQconninfoFree)               \
  X(PQconninfoParse)              \
  X(PQerrorMessage)               \
  X(PQexec)                       \
  X(PQexecParams)                 \
  X(PQfinish)                     \
  X(PQfreeCancel)                 \
  X(PQfname)                      \
  X(PQfreemem)                    \
  X(PQgetCancel)                  \
  X(PQgetisnull)                  \
  X(PQgetlength)                  \
  X(PQgetvalue)                   \
  X(PQnfields)                    \
  X(PQntuples)                    \
  X(PQresStatus)                  \
  X(PQresultErrorField)           \
  X(PQresultStatus)               \
  X(PQserverVersion)              \
  X(PQsetNoticeProcessor)         \
  X(PQstatus)                     \
  X(PQtransactionStatus)

// Functions a libpq older than 14 lacks (pipeline mode): nullptr there, and callers fall back.
#define RETORT_LIBPQ_OPTIONAL_FUNCTIONS(X) \
  X(PQenterPipelineMode)                   \
  X(PQexitPipelineMode)                    \
  X(PQgetResult)                           \
  X(PQpipelineSync)                        \
  X(PQsendQueryParams)

struct Api {
#define RETORT_LIBPQ_POINTER(name) decltype(&::name) name = nullptr;
  RETORT_LIBPQ_FUNCTIONS(RETORT_LIBPQ_POINTER)
  RETORT_LIBPQ_OPTIONAL_FUNCTIONS(RETORT_LIBPQ_POINTER)
#undef RETORT_LIBPQ_POINTER
};

// The functions, loaded once (thread-safe). Throws Error(connection) naming the library and
// the Debian package when libpq.so.5 cannot be loaded or lacks a function.
const Api& api();

}  // namespace retort::pq
