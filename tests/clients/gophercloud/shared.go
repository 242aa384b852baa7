// What both gophercloud programs share (compute.go, imageservice.go): each is built together
// with this file (`go build shared.go compute.go`), offline in GOPATH mode against Debian's
// gophercloud 0.12 (tests/support/go-client.ts).
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/gophercloud/gophercloud"
	"github.com/gophercloud/gophercloud/openstack"
	"github.com/gophercloud/gophercloud/pagination"
)

// Failure is how an error shows in the output: its Go type, and the HTTP status and body when
// there are.
type Failure struct {
	Type   string `json:"type"`
	Status int    `json:"status,omitempty"`
	Body   string `json:"body,omitempty"`
}

func failure(err error) *Failure {
	if err == nil {
		return nil
	}
	out := &Failure{Type: fmt.Sprintf("%T", err)}
	if coded, ok := err.(gophercloud.StatusCodeError); ok {
		out.Status = coded.GetStatusCode()
	}
	switch e := err.(type) {
	case gophercloud.ErrDefault400:
		out.Body = string(e.Body)
	case gophercloud.ErrDefault404:
		out.Body = string(e.Body)
	case gophercloud.ErrUnexpectedResponseCode:
		out.Body = string(e.Body)
	}
	return out
}

// emit prints the program's one JSON document, which its test asserts on.
func emit(out map[string]interface{}) {
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		os.Exit(1)
	}
}

// connect logs in with a password as USER PASSWORD PROJECT at URL (os.Args[1:5]; version
// discovery at <url>/identity, then POST /identity/v3/auth/tokens) and opens one service of the
// catalog; a failure lands in out["auth"] or out["endpoint_error"] and gives nil clients.
func connect(out map[string]interface{}, open func(*gophercloud.ProviderClient, gophercloud.EndpointOpts) (*gophercloud.ServiceClient, error)) (*gophercloud.ProviderClient, *gophercloud.ServiceClient) {
	provider, err := openstack.AuthenticatedClient(gophercloud.AuthOptions{
		IdentityEndpoint: os.Args[1] + "/identity",
		Username:         os.Args[2],
		Password:         os.Args[3],
		DomainName:       "Default",
		TenantName:       os.Args[4],
	})
	if err != nil {
		out["auth"] = failure(err)
		return nil, nil
	}
	client, err := open(provider, gophercloud.EndpointOpts{Region: "RegionOne"})
	if err != nil {
		out["endpoint_error"] = failure(err)
		return provider, nil
	}
	return provider, client
}

// pageIDs walks every page of a listing (through its `next` links): the ids of each page.
func pageIDs[T any](pager pagination.Pager, extract func(pagination.Page) ([]T, error), id func(T) string) ([][]string, *Failure) {
	pages := [][]string{}
	err := pager.EachPage(func(page pagination.Page) (bool, error) {
		list, err := extract(page)
		if err != nil {
			return false, err
		}
		ids := []string{}
		for _, item := range list {
			ids = append(ids, id(item))
		}
		pages = append(pages, ids)
		return true, nil
	})
	return pages, failure(err)
}

// allIDs is pageIDs as one list.
func allIDs[T any](pager pagination.Pager, extract func(pagination.Page) ([]T, error), id func(T) string) ([]string, *Failure) {
	pages, err := pageIDs(pager, extract, id)
	all := []string{}
	for _, page := range pages {
		all = append(all, page...)
	}
	return all, err
}
