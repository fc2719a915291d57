# Sourced by bin/bootc4j (and its tests): makes the JVM it starts decode file names as UTF-8.
#
# File names are bytes; Java turns them into Strings with the charset of LC_CTYPE
# (sun.jnu.encoding), fixed when the JVM starts and not settable with -D. Under LANG=C or POSIX
# (a bare container, a systemd unit) that is ASCII, and a name beyond it, such as café, can be
# neither read from disk nor written. ostree works in any locale, so the JVM runs in C.UTF-8 (built
# into glibc since 2.35) whenever the effective LC_CTYPE is not UTF-8. LC_ALL, because a LANG naming
# a locale that is not installed makes the JVM's setlocale fail for every category, LC_CTYPE too.
ctype="${LC_ALL:-${LC_CTYPE:-${LANG:-}}}"
case "$ctype" in
    *.[Uu][Tt][Ff]-8 | *.[Uu][Tt][Ff]8) ;;
    *) export LC_ALL=C.UTF-8 ;;
esac
