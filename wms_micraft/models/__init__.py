from . import wms_zone
from . import wms_layout
from . import stock_storage_category
from . import stock_location
from . import stock_quant
from . import stock_warehouse
from . import wms_bin_occupancy
