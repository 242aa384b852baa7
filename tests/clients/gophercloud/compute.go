// Drives the mock's compute API with an unmodified gophercloud 0.12 (Debian
// golang-github-gophercloud-gophercloud-dev), built offline in GOPATH mode with shared.go
// (tests/gophercloud.test.ts).
//
// Usage: compute URL USER PASSWORD PROJECT IMAGE_ID
// Prints one JSON document on stdout; the test asserts on it.
package main

import (
	"fmt"
	"os"

	"github.com/gophercloud/gophercloud"
	"github.com/gophercloud/gophercloud/openstack"
	"github.com/gophercloud/gophercloud/openstack/compute/v2/images"
	"github.com/gophercloud/gophercloud/openstack/identity/v3/tokens"
)

// Call is one raw request: its status, its JSON body and the failure, if any.
type Call struct {
	Status int                    `json:"status"`
	Body   map[string]interface{} `json:"body,omitempty"`
	Error  *Failure               `json:"error,omitempty"`
	// The OpenStack-API-Version response header.
	Version string `json:"version,omitempty"`
}

func raw(client *gophercloud.ServiceClient, method, url string, body interface{}) Call {
	var out map[string]interface{}
	opts := &gophercloud.RequestOpts{}
	var err error
	call := Call{}
	switch method {
	case "GET":
		r, e := client.Get(url, &out, opts)
		err = e
		if r != nil {
			call.Status = r.StatusCode
			call.Version = r.Header.Get("OpenStack-API-Version")
		}
	case "PUT":
		opts.OkCodes = []int{200}
		r, e := client.Put(url, body, &out, opts)
		err = e
		if r != nil {
			call.Status = r.StatusCode
		}
	case "POST":
		opts.OkCodes = []int{200}
		r, e := client.Post(url, body, &out, opts)
		err = e
		if r != nil {
			call.Status = r.StatusCode
		}
	case "DELETE":
		r, e := client.Delete(url, opts)
		err = e
		if r != nil {
			call.Status = r.StatusCode
		}
	}
	call.Body = out
	call.Error = failure(err)
	return call
}

func main() {
	if len(os.Args) != 6 {
		fmt.Fprintln(os.Stderr, "usage: compute URL USER PASSWORD PROJECT IMAGE_ID")
		os.Exit(2)
	}
	imageID := os.Args[5]
	out := map[string]interface{}{}
	defer emit(out)

	provider, compute := connect(out, openstack.NewComputeV2)
	if compute == nil {
		return
	}
	if auth, ok := provider.GetAuthResult().(tokens.CreateResult); ok {
		if p, err := auth.ExtractProject(); err == nil && p != nil {
			out["project_id"] = p.ID
		}
	}
	out["endpoint"] = compute.Endpoint

	// Paging by limit=5 through the absolute next links.
	idOf := func(image images.Image) string { return image.ID }
	out["pages"], out["pages_error"] = pageIDs(images.ListDetail(compute, images.ListOpts{Limit: 5}), images.ExtractImages, idOf)

	// A filter: ?name=
	out["named"], out["named_error"] = allIDs(images.ListDetail(compute, images.ListOpts{Name: "fakeimage7"}), images.ExtractImages, idOf)

	image, err := images.Get(compute, imageID).Extract()
	out["show"] = image
	out["show_error"] = failure(err)

	// No typed metadata calls in 0.12: raw requests through the service client.
	meta := compute.ServiceURL("images", imageID, "metadata")
	out["metadata_list"] = raw(compute, "GET", meta, nil)
	out["metadata_set"] = raw(compute, "PUT", meta+"/color", map[string]interface{}{"meta": map[string]string{"color": "blue"}})
	out["metadata_show"] = raw(compute, "GET", meta+"/color", nil)
	out["metadata_mismatch"] = raw(compute, "PUT", meta+"/color", map[string]interface{}{"meta": map[string]string{"other": "x"}})
	out["metadata_merge"] = raw(compute, "POST", meta, map[string]interface{}{"metadata": map[string]string{"Label": "go"}})
	out["metadata_delete"] = raw(compute, "DELETE", meta+"/color", nil)
	out["metadata_missing"] = raw(compute, "GET", meta+"/color", nil)

	// Microversions: the images proxy ends at 2.36, the metadata proxy at 2.39.
	micro := map[string]Call{}
	for _, version := range []string{"2.35", "2.36"} {
		compute.Microversion = version
		micro["image "+version] = raw(compute, "GET", compute.ServiceURL("images", imageID), nil)
	}
	for _, version := range []string{"2.38", "2.39"} {
		compute.Microversion = version
		micro["metadata "+version] = raw(compute, "GET", meta, nil)
	}
	compute.Microversion = "2.36"
	_, err = images.Get(compute, imageID).Extract()
	out["typed_get_2_36"] = failure(err)
	compute.Microversion = ""
	out["microversions"] = micro

	// The typed delete accepts only 202 or 204 (the test reads which from the mock's journal).
	out["delete_error"] = failure(images.Delete(compute, imageID).ExtractErr())
	_, err = images.Get(compute, imageID).Extract()
	out["show_after_delete"] = failure(err)
	out["delete_again"] = failure(images.Delete(compute, imageID).ExtractErr())

	remaining, _ := allIDs(images.ListDetail(compute, nil), images.ExtractImages, idOf)
	out["remaining"] = len(remaining)
}
