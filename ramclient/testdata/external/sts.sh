#!/bin/sh
printf '%s' '{"mode":"StsToken","access_key_id":"STS.fixtureExternal000","access_key_secret":"fixture-ext-sts-secret","sts_token":"fixture-ext-token"}'
