"""Inside fresh mount+network namespaces: a local S3 (moto) at the catalog's endpoint host, then
KServe's storage-initializer entrypoint with exactly the given env. Prints ``RESULT <json>``.

env S3POD: JSON {host, port, bucket, prefix, files: {name: text}, entrypoint, dest, env}.
"""

import hashlib
import json
import os
import subprocess
import sys
import tempfile


def main() -> None:
    cfg = json.loads(os.environ["S3POD"])
    subprocess.run(["mount", "--make-rprivate", "/"], check=True)
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    work = tempfile.mkdtemp(prefix="s3pod-")
    hosts = os.path.join(work, "hosts")
    with open(hosts, "w") as f:
        f.write(f"127.0.0.1 localhost {cfg['host']}\n")
    subprocess.run(["mount", "--bind", hosts, "/etc/hosts"], check=True)

    import boto3
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=cfg["port"], verbose=False)
    server.start()
    try:
        s3 = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{cfg['port']}", region_name="us-east-1",
                          aws_access_key_id=cfg["env"]["AWS_ACCESS_KEY_ID"],
                          aws_secret_access_key=cfg["env"]["AWS_SECRET_ACCESS_KEY"])
        s3.create_bucket(Bucket=cfg["bucket"])
        for name, text in cfg["files"].items():
            s3.put_object(Bucket=cfg["bucket"], Key=f"{cfg['prefix']}/{name}", Body=text.encode())
        run = subprocess.run([sys.executable, cfg["entrypoint"], f"s3://{cfg['bucket']}/{cfg['prefix']}",
                              cfg["dest"]], env={"PATH": os.environ["PATH"], "HOME": work, **cfg["env"]},
                             capture_output=True, text=True, timeout=120)
    finally:
        server.stop()
    got = {}
    for root, _dirs, files in os.walk(cfg["dest"]):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                got[os.path.relpath(path, cfg["dest"])] = hashlib.sha256(f.read()).hexdigest()
    print("RESULT " + json.dumps({"rc": run.returncode, "files": got, "log": run.stderr[-3000:]}))


if __name__ == "__main__":
    main()
