#!/bin/sh
printf '%s\n' '{"mode":"AK","access_key_id":"LTAIfixtureExternal0000","access_key_secret":"fixture-external-secret"}'
