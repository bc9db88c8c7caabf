#!/usr/bin/env bash
# One scheduled crawl, for cron or a systemd timer (deploy/newscrawler@.service).
#
#   run-crawl.sh NAME                 scrapy crawl $NEWSCRAWLER_SPIDER (news) with -a outlet=NAME
#   run-crawl.sh NAME -- COMMAND...   any command, e.g. -- scrapy crawl telegram -a channels=stranaua
#
# - Never two runs of one NAME at once: a flock on $NEWSCRAWLER_STATE_DIR/locks/NAME.lock; a run
#   that finds the lock taken exits at once with status 75 (EX_TEMPFAIL) and says so.
# - Output goes to one log file per run, $NEWSCRAWLER_LOG_DIR/NAME/<UTC time>.log; logs older
#   than $NEWSCRAWLER_LOG_DAYS days are deleted.
# - SIGTERM/SIGINT/SIGHUP (systemctl stop, Ctrl-C) are passed on to the crawl once: Scrapy
#   then stops gracefully and writes its stats; the exit status is the crawl's.
# - With NEWSCRAWLER_RESUME=1, the crawl runs with -s JOBDIR=$NEWSCRAWLER_STATE_DIR/jobs/NAME:
#   a run that was stopped before it finished is resumed by the next one (its queue and seen
#   requests are kept); after a run that finished, the JOBDIR is removed, so the next run
#   starts afresh (a kept JOBDIR would filter out the start pages of every later run).
#
# Environment (all optional): NEWSCRAWLER_SPIDER (news), NEWSCRAWLER_ARGS (spider arguments,
# space-separated name=value, default outlet=NAME), NEWSCRAWLER_SETTINGS (space-separated
# NAME=value, passed as -s), NEWSCRAWLER_STATE_DIR (state), NEWSCRAWLER_LOG_DIR (logs),
# NEWSCRAWLER_LOG_DAYS (30), NEWSCRAWLER_RESUME (0). Relative paths are from the working
# directory, which is also where the crawl's default OUTPUT_DIR (data) and STATE_URI
# (state/crawler.sqlite3) lie. SCRAPY_SETTINGS_MODULE defaults to crawler.settings, so no
# scrapy.cfg is needed there.
set -euo pipefail

usage() { echo "usage: $0 NAME [-- COMMAND...]" >&2; exit 64; }
(($# >= 1)) || usage
name=$1
shift
[[ $name =~ ^[A-Za-z0-9][A-Za-z0-9_.-]*$ ]] || { echo "$0: bad NAME: $name" >&2; exit 64; }
if (($#)); then
    [[ $1 == -- ]] || usage
    shift
    (($#)) || usage
    command=("$@")
else
    command=(scrapy crawl "${NEWSCRAWLER_SPIDER:-news}")
    read -r -a spider_args <<<"${NEWSCRAWLER_ARGS:-outlet=$name}"
    for arg in "${spider_args[@]}"; do command+=(-a "$arg"); done
fi
read -r -a settings <<<"${NEWSCRAWLER_SETTINGS:-}"
for setting in "${settings[@]}"; do command+=(-s "$setting"); done

state_dir=${NEWSCRAWLER_STATE_DIR:-state}
log_dir=${NEWSCRAWLER_LOG_DIR:-logs}/$name
export SCRAPY_SETTINGS_MODULE=${SCRAPY_SETTINGS_MODULE:-crawler.settings}
mkdir -p "$state_dir/locks" "$log_dir"
log=$log_dir/$(date -u +%Y%m%dT%H%M%SZ).log

exec 9>>"$state_dir/locks/$name.lock"
if ! flock --nonblock 9; then
    echo "$(date -u +%FT%TZ) $name: an earlier run still holds $state_dir/locks/$name.lock; not starting" | tee -a "$log" >&2
    exit 75
fi
find "$log_dir" -name '*.log' -type f -mtime "+${NEWSCRAWLER_LOG_DAYS:-30}" -delete

jobdir=
if [[ ${NEWSCRAWLER_RESUME:-0} == 1 ]]; then
    jobdir=$state_dir/jobs/$name
    [[ -d $jobdir ]] && echo "$(date -u +%FT%TZ) $name: resuming the unfinished run in $jobdir" >>"$log"
    command+=(-s "JOBDIR=$jobdir")
fi

echo "$(date -u +%FT%TZ) $name: ${command[*]}" >>"$log"
"${command[@]}" >>"$log" 2>&1 &  # inherits fd 9: the lock lasts as long as the crawl
child=$!
stopping=0
stop() { ((stopping)) || kill -TERM "$child" 2>/dev/null || true; stopping=1; }
trap stop TERM INT HUP
status=0
wait "$child" || status=$?
while kill -0 "$child" 2>/dev/null; do  # a signal interrupted wait: Scrapy is still stopping
    status=0
    wait "$child" || status=$?
done
echo "$(date -u +%FT%TZ) $name: exit status $status" >>"$log"

if [[ -n $jobdir ]]; then
    if ((status == 0)) && grep -q "'finish_reason': 'finished'" "$log"; then
        rm -rf -- "$jobdir"
    else
        echo "$(date -u +%FT%TZ) $name: run did not finish; the next run resumes it from $jobdir" >>"$log"
    fi
fi
exit "$status"
