"""Drives the mock's Glance v2 with an unmodified openstacksdk (Debian python3-openstacksdk).

Usage: openstacksdk_glance.py URL USER PASSWORD PROJECT
Lists, shows, creates with data, updates and deletes through conn.image; prints one JSON
document on stdout, which the test asserts on.
"""
import json
import sys
import warnings

warnings.simplefilter("ignore")

from openstack import exceptions  # noqa: E402
from openstacksdk_images import connect  # noqa: E402  (the same password login)


def main():
    url, user, password, project = sys.argv[1:5]
    conn = connect(url, user, password, project)
    out = {"endpoint": conn.image.get_endpoint()}
    out["listed"] = [image.id for image in conn.image.images(limit=5)]
    shown = conn.image.get_image("70a599e0-31e7-49b7-b260-868f441e862b")
    out["shown"] = {
        "name": shown.name,
        "status": shown.status,
        "visibility": shown.visibility,
        "architecture": shown.architecture,
    }
    created = conn.image.create_image(
        name="sdk-upload",
        data=b"sixteen bytes!!!",
        disk_format="raw",
        container_format="bare",
        visibility="private",
        wait=True,
        validate_checksum=True,
        allow_duplicates=True,
        os_distro="cirros",
    )
    fetched = conn.image.get_image(created.id)
    out["created"] = {
        "status": fetched.status,
        "size": fetched.size,
        "checksum": fetched.checksum,
        "hash_algo": fetched.hash_algo,
        "hash_value": fetched.hash_value,
        "visibility": fetched.visibility,
        "os_distro": fetched.os_distro,
    }
    out["downloaded"] = conn.image.download_image(fetched).content.decode()
    updated = conn.image.update_image(created.id, name="sdk-renamed", min_ram=256, hw_disk_bus="virtio")
    out["updated"] = {
        "name": updated.name,
        "min_ram": updated.min_ram,
        "hw_disk_bus": updated.hw_disk_bus,
    }
    out["id"] = created.id
    conn.image.delete_image(created.id)
    try:
        conn.image.get_image(created.id)
        out["after_delete"] = "still there"
    except exceptions.NotFoundException as error:
        out["after_delete"] = error.status_code
    print(json.dumps(out))


if __name__ == "__main__":
    main()
