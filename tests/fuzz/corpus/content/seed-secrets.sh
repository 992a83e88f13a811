#!/bin/sh
AWS_SECRET_ACCESS_KEY="wJalrXUtnFEMI/K7MDENG/bPxRfiCYzz9kLmq3Tr"
password=admin
[ "$password" == "x1y2z3w4" ]
token: ghp_R4nd0mT0k3nV4lu3sAbCdEfGhIjKlMnOpQrS
# password=Example123
api_key = $KEY
secret = pass:insta
