#!/usr/bin/env bash
# A KServe TorchServe pod, emulated: run as PID 1 of `unshare -m -n -p -f --mount-proc`.
# Env in: MODELS (the storageUri content), WRAPPER (kserve_wrapper with compiled stubs) and
# ENTRYPOINT (the image's dockerd-entrypoint.sh), both optional: without them the runtime's
# args run alone, as the entrypoint's first step; VENV_BIN, WRITABLE ("path=bytes ..."),
# POD_IP, RUNTIME_ARGS (the ServingRuntime's args), RUNTIME_ENV ("K=V ..."), CLIENT (command).
# Everything mounted here vanishes with the namespaces; PID 1 exiting kills every process.
set -euo pipefail
mount --make-rprivate /
# The pod's network: loopback plus one interface holding the pod IP.
ip link set lo up
ip link add eth0 type veth peer name veth-node  # the node side stays unused
ip addr add "$POD_IP/24" dev eth0
ip link set eth0 up
ip link set veth-node up
# The image's layout: /home/model-server (WORKDIR, the wrapper) and /mnt/models (the volume).
mount -t tmpfs -o mode=755 image-home /home
mkdir -p /home/model-server
if [[ -n "${WRAPPER:-}" ]]; then
  cp -r "$WRAPPER" /home/model-server/kserve_wrapper
  cp "$ENTRYPOINT" /home/model-server/dockerd-entrypoint.sh
else  # the entrypoint's first line only: eval the runtime's args (torchserve daemonizes)
  printf 'set -e\neval "$@"\nexec tail -f /dev/null\n' > /home/model-server/dockerd-entrypoint.sh
fi
chown -R 1000:1000 /home/model-server
mount -t tmpfs -o mode=755 mnt /mnt
mkdir -p /mnt/models
mount --bind "$MODELS" /mnt/models
# The interpreter may sit under a directory uid 1000 cannot enter (pyenv in /root): show the
# pod only that subtree, as the image would have it.
if [[ -n "${HIDDEN_PARENT:-}" ]]; then
  mkdir -p /mnt/.hold
  mount --bind "$EXPOSE" /mnt/.hold
  mount -t tmpfs -o mode=755 hidden "$HIDDEN_PARENT"
  mkdir -p "$EXPOSE"
  mount --move /mnt/.hold "$EXPOSE"
fi
for spec in $WRITABLE; do mkdir -p "${spec%%=*}"; done
mkdir -p /run/podemu
# The venv and the code (KEEP, parents first) may sit under a path an emptyDir will cover (a
# checkout in /tmp): hold them aside now, put them back on top of the emptyDirs below.
keep_n=0
for keep in ${KEEP:-}; do
  mkdir -p "/mnt/.keep/$keep_n"
  mount --bind "$keep" "/mnt/.keep/$keep_n"
  keep_n=$((keep_n + 1))
done
# Read-only root (unless the model opts out): every mount read-only except the kernel's,
# then the chart's emptyDirs.
[[ "${READ_ONLY_ROOT:-1}" == 1 ]] && while read -r target; do
  case "$target" in /proc*|/sys*|/dev*) continue ;; esac
  mount -o remount,bind,ro "$target" 2>/dev/null || true
done < <(awk '{print $5}' /proc/self/mountinfo | sort -u)
for spec in $WRITABLE; do
  path=${spec%%=*}
  size=${spec#*=}
  mount -t tmpfs -o "size=$size,mode=1777" emptydir "$path"
done
keep_n=0
for keep in ${KEEP:-}; do
  mkdir -p "$keep" 2>/dev/null || true  # inside an emptyDir: a fresh directory to mount on
  mount --rbind "/mnt/.keep/$keep_n" "$keep"
  mount -o remount,bind,ro "$keep"
  keep_n=$((keep_n + 1))
done
mount -t tmpfs -o size=64m podemu /run/podemu
cd /home/model-server
# shellcheck disable=SC2086
env -i PATH="$VENV_BIN:/usr/bin:/bin" HOME=/home/model-server TEMP=/home/model-server/tmp \
  $RUNTIME_ENV setpriv --reuid 1000 --regid 1000 --clear-groups \
  bash /home/model-server/dockerd-entrypoint.sh $RUNTIME_ARGS >/run/podemu/pod.log 2>&1 &
export ENTRY_PID=$!
status=0
$CLIENT || status=$?
if [[ $status -ne 0 ]]; then tail -n 60 /run/podemu/pod.log >&2 || true; fi
exit $status
