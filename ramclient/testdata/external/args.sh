#!/bin/sh
# Prints its first argument as the secret: shows whether the command went through a shell.
printf '{"mode":"AK","access_key_id":"LTAIfixtureExternalArgs","access_key_secret":"%s"}' "$1"
