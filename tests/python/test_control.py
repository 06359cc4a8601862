"""The mock's own control endpoints against the built binary: reset between tests, state for debugging."""
import requests

from conftest import AUTH_TOKEN


def test_reset_between_two_tests_leaves_nothing_behind(base_url):
    # "First test": leaves tokens and a factory behind.
    ids = []
    for memo in ("one", "two", "three"):
        reply = requests.post(f"{base_url}/api/v1/canarytoken/create",
                              params={"auth_token": AUTH_TOKEN}, data={"memo": memo, "kind": "dns"})
        assert reply.status_code == 200
        ids.append(reply.json()["canarytoken"]["canarytoken"])
    factory = requests.post(f"{base_url}/api/v1/canarytoken/create_factory",
                            params={"auth_token": AUTH_TOKEN}, data={"memo": "left over"}).json()["factory_auth"]
    triggered = requests.post(f"{base_url}/_mock/trigger", data={"canarytoken": ids[0], "src_ip": "10.0.0.1"})
    assert triggered.status_code == 200
    before = requests.get(f"{base_url}/_mock/state").json()
    # The trigger moved the token's updated_id: three creates and one trigger.
    assert len(before["tokens"]) == 3 and len(before["factories"]) == 1 and before["updated_id"] == 4
    assert [incident["id"] for incident in before["incidents"]] == [triggered.json()["incident"]["id"]]

    reset = requests.post(f"{base_url}/_mock/reset")
    assert reset.status_code == 200
    assert reset.text == '{\n  "result": "success"\n}\n'

    # "Second test": starts from nothing.
    state = requests.get(f"{base_url}/_mock/state").json()
    assert state == {"devices": [], "factories": [], "ignore_list": [], "flocks": [{"flock_id": "flock:default", "name": "Default Flock"}],
                     "incidents": [], "result": "success", "tokens": [], "updated_id": 0}
    for token_id in ids:
        fetched = requests.get(f"{base_url}/api/v1/canarytoken/fetch",
                               params={"auth_token": AUTH_TOKEN, "canarytoken": token_id})
        assert fetched.status_code == 404
        assert fetched.json() == {"message": "Could not find the Canarytoken", "result": "error"}
    refused = requests.post(f"{base_url}/api/v1/canarytoken/factory",
                            data={"factory_auth": factory, "memo": "m", "kind": "dns"})
    assert refused.status_code == 401
    assert refused.json()["message"] == "Invalid factory_auth"
    listed = requests.get(f"{base_url}/api/v1/canarytokens/fetch", params={"auth_token": AUTH_TOKEN}).json()
    assert listed == {"result": "success", "tokens": []}


def test_trigger_without_src_ip_records_the_callers_address_and_joins(base_url):
    """Two triggers from two connections (two source ports) of the same address join one incident keyed by the
    address alone, as the README says: the default source is the caller's address, not address and port."""
    token = requests.post(f"{base_url}/api/v1/canarytoken/create", params={"auth_token": AUTH_TOKEN},
                          data={"memo": "default source", "kind": "http"}).json()["canarytoken"]["canarytoken"]
    first = requests.post(f"{base_url}/_mock/trigger", data={"canarytoken": token})
    with requests.Session() as other_connection:
        second = other_connection.post(f"{base_url}/_mock/trigger", data={"canarytoken": token})
    assert first.status_code == 200 and second.status_code == 200, (first.text, second.text)
    assert first.json()["incident"]["src_host"] == "127.0.0.1"
    assert ":127.0.0.1:" in first.json()["incident"]["id"]
    assert second.json()["incident"]["id"] == first.json()["incident"]["id"]
    assert second.json()["incident"]["events_count"] == "2"
