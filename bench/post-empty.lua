-- wrk script: POST {} with Content-Type application/json (the widget's smallest valid request).
wrk.method = "POST"
wrk.body = "{}"
wrk.headers["Content-Type"] = "application/json"
