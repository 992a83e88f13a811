# vsftpd_anon.sh - the configuration of an anonymous-only vsftpd test
# server, shared by the probe tests and benchmarks (test_probe_core.sh,
# bench/bench_probe.sh) so their FTP servers differ only where they mean
# to. Source it from bash:
#
#   vsftpd_anon_conf FILE ROOT CHROOT [LINE...]
#
# writes FILE: vsftpd in the foreground (netns_start runs it), anonymous
# logins only, chrooted to ROOT, CHROOT an empty directory for its secure
# chroot, running as the launching user without its seccomp sandbox; each
# LINE ("ssl_enable=YES") is added at the end.

vsftpd_anon_conf() {
	local file=$1 root=$2 chroot=$3
	shift 3
	{
		cat <<CONF
listen=YES
background=NO
anonymous_enable=YES
local_enable=NO
anon_root=$root
secure_chroot_dir=$chroot
run_as_launching_user=YES
seccomp_sandbox=NO
CONF
		[ "$#" -eq 0 ] || printf '%s\n' "$@"
	} >"$file"
}
