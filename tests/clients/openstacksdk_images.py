"""Drives the mock with an unmodified openstacksdk (Debian python3-openstacksdk).

Usage: openstacksdk_images.py URL USER PASSWORD PROJECT MODE [IMAGE_ID]
MODE: owner (list/page/show/metadata/delete), other (writes as another project), badpass.
Prints one JSON document on stdout; the test asserts on it.
"""
import json
import sys
import warnings

warnings.simplefilter("ignore")

import openstack  # noqa: E402
from openstack import exceptions  # noqa: E402
from openstack.compute.v2 import image as _image  # noqa: E402


def connect(url, user, password, project):
    return openstack.connect(
        load_yaml_config=False,
        load_envvars=False,
        auth_type="password",
        auth={
            "auth_url": url + "/identity",
            "username": user,
            "password": password,
            "project_name": project,
            "user_domain_name": "Default",
            "project_domain_name": "Default",
        },
        region_name="RegionOne",
        identity_api_version="3",
    )


def error_of(call):
    try:
        call()
    except exceptions.SDKException as error:
        return {
            "type": type(error).__name__,
            "status": getattr(error, "status_code", None),
            "message": str(error),
        }
    except Exception as error:  # keystoneauth errors are not SDKExceptions
        return {"type": type(error).__name__, "status": getattr(error, "http_status", None), "message": str(error)}
    return None


def owner(conn, image_id):
    out = {"project_id": conn.current_project_id}
    out["detail_pages"] = [img.id for img in conn.compute.images(details=True, limit=4)]
    out["basic_names"] = [img.name for img in conn.compute.images(details=False, limit=5)]
    img = conn.compute.get_image(image_id)
    out["show"] = {"id": img.id, "name": img.name, "status": img.status, "size": img.size,
                   "min_disk": img.min_disk, "progress": img.progress, "metadata": img.metadata}
    out["metadata_before"] = conn.compute.get_image_metadata(image_id).metadata
    out["metadata_set"] = conn.compute.set_image_metadata(image_id, color="blue", Label="sdk").metadata
    # set_metadata_item merges into the resource's metadata, so start from a fetched image.
    conn.compute.get_image(image_id).set_metadata_item(conn.compute, "color", "red")
    out["item_after_set"] = _image.Image(id=image_id).get_metadata_item(conn.compute, "color").metadata
    conn.compute.delete_image_metadata(image_id, ["color"])
    out["metadata_after_delete"] = conn.compute.get_image_metadata(image_id).metadata
    out["missing_item"] = error_of(lambda: _image.Image(id=image_id).get_metadata_item(conn.compute, "color"))
    conn.compute.delete_image(image_id, ignore_missing=False)
    out["show_after_delete"] = error_of(lambda: conn.compute.get_image(image_id))
    out["ids_after_delete"] = sorted(img.id for img in conn.compute.images(details=False))
    return out


def other(conn, image_id):
    return {
        "project_id": conn.current_project_id,
        "visible": sorted(img.id for img in conn.compute.images(details=False)),
        "delete": error_of(lambda: conn.compute.delete_image(image_id, ignore_missing=False)),
        "set_metadata": error_of(lambda: conn.compute.set_image_metadata(image_id, k="v")),
        "show": conn.compute.get_image(image_id).name,
    }


def main():
    url, user, password, project, mode = sys.argv[1:6]
    image_id = sys.argv[6] if len(sys.argv) > 6 else None
    conn = connect(url, user, password, project)
    if mode == "badpass":
        result = {"auth": error_of(lambda: conn.authorize())}
    elif mode == "owner":
        result = owner(conn, image_id)
    else:
        result = other(conn, image_id)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
