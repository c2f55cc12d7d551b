#!/bin/sh
echo 'not json fixture-leaky-secret'
