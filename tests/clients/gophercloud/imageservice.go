// Drives the mock's Glance v2 with an unmodified gophercloud 0.12 (Debian
// golang-github-gophercloud-gophercloud-dev), built offline in GOPATH mode with shared.go
// (tests/glance-gophercloud.test.ts): imageservice/v2/images List, Get, Create, Update, Delete,
// and imagedata Upload/Download.
//
// Usage: imageservice URL USER PASSWORD PROJECT
// Prints one JSON document on stdout; the test asserts on it.
package main

import (
	"bytes"
	"io/ioutil"

	"github.com/gophercloud/gophercloud/openstack"
	"github.com/gophercloud/gophercloud/openstack/imageservice/v2/imagedata"
	"github.com/gophercloud/gophercloud/openstack/imageservice/v2/images"
)

func main() {
	out := map[string]interface{}{}
	defer emit(out)

	_, client := connect(out, openstack.NewImageServiceV2)
	if client == nil {
		return
	}
	out["endpoint"] = client.ResourceBase

	// List pages of 4 through Glance's relative `next` links.
	idOf := func(image images.Image) string { return image.ID }
	out["pages"], out["pages_error"] = pageIDs(images.List(client, images.ListOpts{Limit: 4}), images.ExtractImages, idOf)

	out["named"], out["named_error"] = allIDs(images.List(client, images.ListOpts{Name: "fakeimage7"}), images.ExtractImages, idOf)

	shown, err := images.Get(client, "70a599e0-31e7-49b7-b260-868f441e862b").Extract()
	if err != nil {
		out["get"] = failure(err)
		return
	}
	out["get"] = map[string]interface{}{
		"name":         shown.Name,
		"status":       shown.Status,
		"visibility":   shown.Visibility,
		"size":         shown.SizeBytes,
		"checksum":     shown.Checksum,
		"disk_format":  shown.DiskFormat,
		"container":    shown.ContainerFormat,
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
		out["create"] = failure(err)
		return
	}
	out["create"] = map[string]interface{}{
		"status":     created.Status,
		"visibility": created.Visibility,
		"tags":       created.Tags,
		"min_ram":    created.MinRAMMegabytes,
		"os_distro":  created.Properties["os_distro"],
	}
	out["upload"] = failure(imagedata.Upload(client, created.ID, bytes.NewReader([]byte("gophercloud data"))).ExtractErr())
	if reader, err := imagedata.Download(client, created.ID).Extract(); err == nil {
		data, _ := ioutil.ReadAll(reader)
		out["download"] = string(data)
	} else {
		out["download"] = failure(err)
	}

	updated, err := images.Update(client, created.ID, images.UpdateOpts{
		images.ReplaceImageName{NewName: "go-renamed"},
		images.UpdateImageProperty{Op: images.AddOp, Name: "hw_disk_bus", Value: "scsi"},
	}).Extract()
	if err != nil {
		out["update"] = failure(err)
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
	out["delete"] = failure(images.Delete(client, created.ID).ExtractErr())
	_, err = images.Get(client, created.ID).Extract()
	out["get_after_delete"] = failure(err)
}
