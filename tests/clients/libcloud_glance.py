"""Drives the mock with an unmodified Apache libcloud (Debian python3-libcloud), OpenStack 2.x
driver (`api_version='2.2'`), whose list_images and get_image use Glance v2 from the catalog.

Usage: libcloud_glance.py URL USER PASSWORD PROJECT IMAGE_ID
Prints one JSON document on stdout; the test asserts on it.
"""
import json
import sys
import warnings

warnings.simplefilter("ignore")

from libcloud.compute.providers import get_driver  # noqa: E402
from libcloud.compute.types import Provider  # noqa: E402


def main():
    url, user, password, project, image_id = sys.argv[1:6]
    driver = get_driver(Provider.OPENSTACK)(
        user,
        password,
        api_version="2.2",
        # With a path in the auth URL, libcloud posts to that path itself (morph_action_hook).
        ex_force_auth_url=url + "/identity/v3/auth/tokens",
        ex_force_auth_version="3.x_password",
        ex_tenant_name=project,
        ex_domain_name="Default",
        ex_force_service_region="RegionOne",
    )
    listed = driver.list_images()
    image = driver.get_image(image_id)
    print(json.dumps({
        "listed": [item.id for item in listed],
        "image": {
            "id": image.id,
            "name": image.name,
            "status": image.extra["status"],
            "visibility": image.extra["visibility"],
            "created": image.extra["created"],
            "minRam": image.extra["minRam"],
        },
    }))


main()
