PASSWORD = "hunter2hunter2"
"""
passwd="geheim"
"""
#define ADMIN_PASSWORD "Tr0ub4dor&3"
{"localKey": "a1B2c3D4e5F6g7H8", "accessKey": "x"}
AccountKey=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6QUJDREVGR0g=;
eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N
