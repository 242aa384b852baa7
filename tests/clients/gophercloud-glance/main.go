// Drives the mock's Glance v2 with an unmodified gophercloud 0.12 (Debian
// golang-github-gophercloud-gophercloud-dev), built offline in GOPATH mode
// (tests/glance-gophercloud.test.ts): imageservice/v2/images List, Get, Create, Update, Delete,
// and imagedata Upload/Download.
//
// Usage: main URL USER PASSWORD PROJECT
// Prints one JSON document on stdout; the test asserts on it.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/ioutil"
	"os"

	"github.com/gophercloud/gophercloud"
	"github.com/gophercloud/gophercloud/openstack"
	"github.com/gophercloud/gophercloud/openstack/imageservice/v2/imagedata"
	"github.com/gophercloud/gophercloud/openstack/imageservice/v2/images"
	"github.com/gophercloud/gophercloud/pagination"
)

func errorOf(err error) string {
	if err == nil {
		return ""
	}
	if coded, ok := err.(gophercloud.StatusCodeError); ok {
		return fmt.Sprintf("%T %d", err, coded.GetStatusCode())
	}
	return fmt.Sprintf("%T %s", err, err.Error())
}

func main() {
	url, user, password, project := os.Args[1], os.Args[2], os.Args[3], os.Args[4]
	out := map[string]interface{}{}
	emit := func() {
		if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
			os.Exit(1)
		}
	}
	defer emit()

	provider, err := openstack.AuthenticatedClient(gophercloud.AuthOptions{
		IdentityEndpoint: url + "/identity",
		Username:         user,
		Password:         password,
		DomainName:       "Default",
		TenantName:       project,
	})
	if err != nil {
		out["auth"] = errorOf(err)
		return
	}
	client, err := openstack.NewImageServiceV2(provider, gophercloud.EndpointOpts{Region: "RegionOne"})
	if err != nil {
		out["endpoint"] = errorOf(err)
		return
	}
	out["endpoint"] = client.ResourceBase

	// List pages of 4 through Glance's relative `next` links.
	pages := [][]string{}
	err = images.List(client, images.ListOpts{Limit: 4}).EachPage(func(page pagination.Page) (bool, error) {
		list, err := images.ExtractImages(page)
		if err != nil {
			return false, err
		}
		ids := []string{}
		for _, image := range list {
			ids = append(ids, image.ID)
		}
		pages = append(pages, ids)
		return true, nil
	})
	out["pages"] = pages
	out["pages_error"] = errorOf(err)

	named := []string{}
	_ = images.List(client, images.ListOpts{Name: "fakeimage7"}).EachPage(func(page pagination.Page) (bool, error) {
		list, err := images.ExtractImages(page)
		for _, image := range list {
			named = append(named, image.ID)
		}
		return true, err
	})
	out["named"] = named

	shown, err := images.Get(client, "70a599e0-31e7-49b7-b260-868f441e862b").Extract()
	if err != nil {
		out["get"] = errorOf(err)
		return
	}
	out["get"] = map[string]interface{}{
		"name":         shown.Name,
		"status":       shown.Status,
		"visibility":   shown.Visibility,
		"size":         shown.SizeBytes,
		"checksum":     shown.Checksum,
		"architecture": shown.Properties["architecture"],
	}

	visibility := images.ImageVisibilityPrivate
	created, err := images.Create(client, images.CreateOpts{
		Name:            "go-image",
		Visibility:      &visibility,
		Tags:            []string{"go"},
		ContainerFormat: "bare",
		DiskFormat:      "qcow2",
		MinRAM:          128,
		Properties:      map[string]string{"os_distro": "fedora"},
	}).Extract()
	if err != nil {
		out["create"] = errorOf(err)
		return
	}
	out["create"] = map[string]interface{}{
		"status":     created.Status,
		"visibility": created.Visibility,
		"tags":       created.Tags,
		"min_ram":    created.MinRAMMegabytes,
		"os_distro":  created.Properties["os_distro"],
	}
	out["upload"] = errorOf(imagedata.Upload(client, created.ID, bytes.NewReader([]byte("gophercloud data"))).ExtractErr())
	if reader, err := imagedata.Download(client, created.ID).Extract(); err == nil {
		data, _ := ioutil.ReadAll(reader)
		out["download"] = string(data)
	} else {
		out["download"] = errorOf(err)
	}

	updated, err := images.Update(client, created.ID, images.UpdateOpts{
		images.ReplaceImageName{NewName: "go-renamed"},
		images.UpdateImageProperty{Op: images.AddOp, Name: "hw_disk_bus", Value: "scsi"},
	}).Extract()
	if err != nil {
		out["update"] = errorOf(err)
		return
	}
	out["update"] = map[string]interface{}{
		"name":        updated.Name,
		"status":      updated.Status,
		"size":        updated.SizeBytes,
		"checksum":    updated.Checksum,
		"hw_disk_bus": updated.Properties["hw_disk_bus"],
	}
	out["id"] = created.ID
	out["delete"] = errorOf(images.Delete(client, created.ID).ExtractErr())
	_, err = images.Get(client, created.ID).Extract()
	out["get_after_delete"] = errorOf(err)
}
